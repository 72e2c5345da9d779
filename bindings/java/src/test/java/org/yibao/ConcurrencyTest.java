package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The documented threading model: one immutable scheme (and one immutable
 * batch, and a filled dictionary) shared by a thread pool, one Context per
 * thread; every thread gets exactly the single-threaded answers.
 */
class ConcurrencyTest {
    static final int THREADS = 4;
    static final int ROUNDS = 25;

    @Test
    void threadPoolSharesOneSchemeAndOneBatch() throws Exception {
        List<Fixtures.Row> rows = Fixtures.chsDrg11Cases();
        List<InpatientCase> cases = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            cases.addAll(rows.stream().map(Fixtures.Row::c).collect(Collectors.toList()));
        }
        try (Context main = new Context(); DrgScheme scheme = DrgScheme.load(main, Fixtures.pack("chs-drg-1.1"))) {
            CaseBatch batch = CaseBatch.of(cases);
            DrgResults reference = scheme.group(main, batch);
            int[] refDrg = DrgResults.toArray(reference.drgColumn());
            int[] refFlags = DrgResults.toArray(reference.flagsColumn());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int seed = t;
                    done.add(pool.submit(() -> {
                        int checked = 0;
                        try (Context ctx = new Context()) { // one context per thread
                            for (int round = 0; round < ROUNDS; round++) {
                                DrgResults r = scheme.group(ctx, batch);
                                assertArrayEquals(refDrg, DrgResults.toArray(r.drgColumn()));
                                assertArrayEquals(refFlags, DrgResults.toArray(r.flagsColumn()));
                                // Single cases and dictionary reads interleaved with the batches.
                                int i = (seed * 7 + round * 13) % cases.size();
                                assertEquals(reference.get(i), scheme.groupOne(ctx, cases.get(i)));
                                String principal = cases.get(i).diagnoses().get(0);
                                assertEquals(Dictionary.normalize(principal),
                                        scheme.diagnoses().code(scheme.diagnoses().lookup(principal)));
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(ROUNDS, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void threadPoolSharesOnePointsBookAndOneBatch() throws Exception {
        try (Context main = new Context(); PointsBook book = PointsBook.load(main, Fixtures.pack("sample-points"))) {
            int n = 3000;
            List<String> groups = book.groupCodes();
            List<String> hospitals = book.hospitalCodes();
            String[] g = new String[n];
            String[] h = new String[n];
            byte[] ins = new byte[n];
            long[] cost = new long[n];
            for (int i = 0; i < n; i++) {
                g[i] = groups.get(i * 7 % groups.size());
                h[i] = hospitals.get(i * 11 % hospitals.size());
                ins[i] = (byte) (1 + i % 2);
                cost[i] = 50000 + 9173L * i % 4000000;
            }
            PointsCases cases = PointsCases.builder(n).groups(g).hospitals(h).insurance(ins).cost(cost).build();
            long[] reference = PointsResults.toArray(book.compute(main, cases, null).paymentColumn());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        try (Context ctx = new Context()) {
                            for (int round = 0; round < ROUNDS; round++) {
                                assertArrayEquals(reference,
                                        PointsResults.toArray(book.compute(ctx, cases, null).paymentColumn()));
                            }
                        }
                        return ROUNDS;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(ROUNDS, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void threadPoolSharesOneFilledDictionary() throws Exception {
        try (Context main = new Context(); Dictionary d = new Dictionary(main)) {
            int n = 5000;
            for (int i = 0; i < n; i++) {
                d.intern(main, "A" + i + ".x0" + (i % 10));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    done.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < n; i++) {
                            String code = "a" + i + ".X0" + (i % 10); // normalised on lookup
                            if (d.lookup(code) == i && d.code(i).equals("A" + i + ".x0" + (i % 10))) {
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(n, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
