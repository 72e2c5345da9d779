package org.yibao;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "simple" benefit policy of tests/benefit/bf_fixture.c, table for table
 * (its parameters are listed there): items A1/A2 class A, B10/B15 class B,
 * C1 class C, LIM and BLIM with price limits; deductibles 200/500/1000 by
 * level; employee 85 % below 20000 above the deductible and 90 % from there,
 * retired 90 %, resident 70 %; repeat admissions 100/50/0 %; caps, critical
 * illness, assistance and account rules as in that file.
 */
final class BenefitFixture {
    private BenefitFixture() {}

    private static final String[] INSURED = {"employee", "retired", "resident"};
    private static final String[] PLACES = {"local", "out_of_area", "referred"};

    static Path write(Path dir) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("items", """
                code,class,b_first_pay,price_limit,valid_from,valid_to
                A1,A,,,,
                A2,A,,,,
                B10,B,0.10,,,
                B15,B,0.15,,,
                C1,C,,,,
                LIM,A,,60.00,,
                BLIM,B,0.20,800.00,,
                NEW,C,,,2024-01-01,2024-12-31
                NEW,B,0.10,,2025-01-01,
                """);
        String[] ded = {"200.00", "500.00", "1000.00"};
        StringBuilder inpatient = new StringBuilder("valid_from,valid_to,insured,level,place,deductible\n");
        StringBuilder coins = new StringBuilder("valid_from,valid_to,insured,level,place,from,ratio\n");
        StringBuilder outpatient = new StringBuilder("valid_from,valid_to,insured,level,place,ratio\n");
        int[] base = {85, 90, 70};
        int[] cut = {0, 10, 5};
        String[] out = {"0.50", "0.60", "0.40"};
        for (int i = 0; i < 3; i++) {
            for (int lv = 1; lv <= 3; lv++) {
                for (int pl = 0; pl < 3; pl++) {
                    String key = "2024-01-01,," + INSURED[i] + "," + lv + "," + PLACES[pl] + ",";
                    inpatient.append(key).append(ded[lv - 1]).append('\n');
                    int r = base[i] - cut[pl];
                    coins.append(key).append(String.format("0.00,0.%02d%n", r));
                    if (i == 0) {
                        coins.append(key).append(String.format("20000.00,0.%02d%n", r + 5));
                    }
                    outpatient.append(key).append(out[i]).append('\n');
                }
            }
        }
        t.put("inpatient", inpatient.toString());
        t.put("coinsurance", coins.toString().replace("\r", ""));
        t.put("repeat_admission", """
                valid_from,valid_to,insured,admission,factor
                ,,employee,1,1
                ,,employee,2,0.5
                ,,employee,3,0
                ,,retired,1,1
                ,,retired,2,0.5
                ,,retired,3,0
                ,,resident,1,1
                ,,resident,2,0.5
                ,,resident,3,0
                """);
        t.put("insured", """
                insured,annual_cap,outpatient_deductible,outpatient_cap,account_pays_in_scope,account_pays_b_first,\
                account_pays_self_pay,family_aid,civil_servant_ratio
                employee,300000.00,500.00,2000.00,true,true,false,true,0.5
                retired,300000.00,500.00,2000.00,true,true,false,true,0.5
                resident,200000.00,100.00,400.00,true,true,false,true,0
                """);
        t.put("outpatient", outpatient.toString());
        t.put("critical_illness", """
                insured,threshold,cap,counts_deductible,counts_b_first,counts_outpatient,tilt_threshold_factor,\
                tilt_ratio_add,tilt_no_cap
                employee,30000.00,200000.00,false,false,false,0.5,0.05,true
                retired,30000.00,200000.00,false,false,false,0.5,0.05,true
                resident,20000.00,300000.00,false,true,false,0.5,0.05,true
                """);
        t.put("critical_illness_bands", """
                insured,from,ratio
                employee,0,0.80
                retired,0,0.80
                resident,0,0.60
                resident,50000,0.70
                resident,100000,0.80
                """);
        t.put("assistance", """
                category,threshold,ratio,cap,ci_tilt,covers_outpatient,counts_b_first
                1,0,0.90,50000.00,true,true,false
                2,0,0.70,30000.00,true,false,false
                3,5000.00,0.60,20000.00,false,false,false
                """);
        return Packs.write(dir, t, Map.of("kind", "\"benefit-policy\"", "name", "\"test\"", "version", "\"1\"",
                "parameters", "{ \"rounding\": \"half_up\" }"));
    }
}
