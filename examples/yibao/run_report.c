/* run-year: shared helpers, the conservation lines and the text summary
 * (stdout and summary.txt). The CSV tables are in run_tables.c. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "run_year.h"

int run_pool_of_member(const run_state *s, uint32_t member)
{
    return s->data.m.insured[member] == 3 ? 1 : 0;
}

void run_money(int64_t fen, char *buf, size_t cap)
{
    char plain[32];
    int n = yb_decimal_format(fen, 2, plain, sizeof plain);
    if (n < 0) {
        snprintf(buf, cap, "?");
        return;
    }
    /* thousands separators in the integer part */
    const char *p = plain;
    size_t o = 0;
    if (*p == '-' && o + 1 < cap)
        buf[o++] = *p++;
    const char *dot = strchr(p, '.');
    size_t digits = dot ? (size_t)(dot - p) : strlen(p);
    for (size_t i = 0; i < digits && o + 2 < cap; i++) {
        if (i && (digits - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = p[i];
    }
    snprintf(buf + o, cap > o ? cap - o : 0, "%s", dot ? dot : "");
}

FILE *run_open(run_state *s, const char *name)
{
    char path[REGION_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", s->out, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        yb_fail(s->ctx, YB_E_IO, "cannot write %s", path);
    return f;
}

int run_close(run_state *s, FILE *f, const char *name)
{
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? yb_fail(s->ctx, YB_E_IO, "writing %s/%s failed", s->out, name) : YB_OK;
}

void run_stage(run_state *s, const char *stage)
{
    progress_stage(&s->pr, stage);
}

void run_add_check(run_state *s, const char *what, const char *lhs_text, int64_t lhs, const char *rhs_text,
                   int64_t rhs)
{
    if (s->n_checks >= RUN_CHECKS)
        return;
    run_check *c = &s->checks[s->n_checks++];
    snprintf(c->what, sizeof c->what, "%.*s", (int)sizeof c->what - 1, what); /* long texts are cut */
    snprintf(c->lhs_text, sizeof c->lhs_text, "%.*s", (int)sizeof c->lhs_text - 1, lhs_text); /* long texts are cut */
    snprintf(c->rhs_text, sizeof c->rhs_text, "%.*s", (int)sizeof c->rhs_text - 1, rhs_text); /* long texts are cut */
    c->lhs = lhs;
    c->rhs = rhs;
}

/* Appends "label amount" terms to a text, with signs. */
typedef struct terms {
    char text[400];
    size_t len;
    int64_t sum;
} terms;

static void term(terms *t, int sign, const char *label, int64_t v)
{
    char m[40];
    run_money(v, m, sizeof m);
    int n = snprintf(t->text + t->len, sizeof t->text - t->len, "%s%s %s", t->len ? (sign < 0 ? " − " : " + ") :
                     (sign < 0 ? "− " : ""), label, m);
    if (n > 0 && t->len + (size_t)n < sizeof t->text)
        t->len += (size_t)n;
    t->sum += sign < 0 ? -v : v;
}

static void check(run_state *s, const char *what, const char *lhs_label, int64_t lhs, const terms *rhs)
{
    terms l = { .len = 0 };
    term(&l, 1, lhs_label, lhs);
    run_add_check(s, what, l.text, lhs, rhs->text, rhs->sum);
}

static void conservation(run_state *s)
{
    static const char *const POOL[RUN_POOLS] = { "employees", "residents" };
    char what[160];
    int64_t B = 0, unused = 0, unalloc = 0, shared = 0, kept = 0, forfeit = 0, ffs = 0, paid = 0, adv = 0, bal = 0;
    for (int p = 0; p < RUN_POOLS; p++) {
        terms t = { .len = 0 };
        int64_t due = 0;
        for (size_t h = 0; h < s->n_hosp; h++)
            due += s->hp_fund_due[h * RUN_POOLS + (size_t)p];
        term(&t, 1, "hospitals' fund due", due);
        term(&t, 1, "special review paid", s->pool_review_paid[p]);
        term(&t, 1, "special review unused", s->pool_review_unused[p]);
        term(&t, 1, "unallocated", s->pool_unallocated[p]);
        snprintf(what, sizeof what, "DIP fund of the %s pool (the points clearing's identity)", POOL[p]);
        check(s, what, "fund budget", s->fund_budget[p], &t);
        B += s->fund_budget[p];
        unused += s->pool_review_unused[p];
        unalloc += s->pool_unallocated[p];
    }
    for (size_t h = 0; h < s->n_hosp; h++) {
        if (s->h_corridor[h] > 0)
            shared += s->h_corridor[h];
        else
            kept -= s->h_corridor[h];
        forfeit += s->h_forfeit[h];
        ffs += s->h_ffs[h];
        paid += s->h_total[h];
        adv += s->h_advance[h];
        bal += s->h_balance[h];
    }
    terms t = { .len = 0 };
    term(&t, 1, "hospital payments", paid);
    term(&t, 1, "retained: special review unused", unused);
    term(&t, 1, "unallocated", unalloc);
    term(&t, 1, "surpluses kept", kept);
    term(&t, 1, "deposits forfeited", forfeit);
    term(&t, -1, "overspend shared by the fund", shared);
    term(&t, -1, "fee-for-service", ffs);
    check(s, "DIP fund budget, both pools: payments to hospitals, retained, shared", "fund budget", B, &t);
    terms c = { .len = 0 };
    term(&c, 1, "monthly advances", adv);
    term(&c, 1, "year-end clearing balance", bal);
    check(s, "Hospital payments as paid", "hospital payments", paid, &c);

    const yb_cap_summary *cs = &s->cap_summary;
    terms k = { .len = 0 }, kl = { .len = 0 };
    term(&kl, 1, "budget", cs->budget);
    term(&kl, 1, "fund share", cs->fund_share);
    term(&kl, 1, "alliance share", cs->alliance_share);
    term(&k, 1, "spending", cs->spent_total);
    term(&k, 1, "retained", cs->retained);
    term(&k, 1, "returned", cs->returned);
    run_add_check(s, "Alliance capitation clearing", kl.text, kl.sum, k.text, k.sum);
    terms e = { .len = 0 };
    term(&e, 1, "pooled fund on the enrollees' claims (benefit)", s->cap_enrollee_pooled);
    check(s, "Alliance spending: ledger = claims", "ledger spending", cs->spent_total, &e);

    const run_claims *r = &s->cl;
    int64_t tot = 0, pooled = 0, ci = 0, other = 0, assist = 0, acct = 0, cash = 0, fsp = 0, over = 0, bfp = 0,
            scope = 0;
    for (size_t j = s->claim_first; j < s->data.k.n; j++) {
        if (r->status[j])
            continue;
        tot += r->total[j];
        pooled += r->pooled[j];
        ci += r->critical_illness[j];
        other += r->other_funds[j];
        assist += r->assistance[j];
        acct += r->account_pay[j];
        cash += r->cash_pay[j];
        fsp += r->full_self_pay[j];
        over += r->over_limit[j];
        bfp += r->b_first_pay[j];
        scope += r->in_scope[j];
    }
    terms b = { .len = 0 };
    term(&b, 1, "pooled fund", pooled);
    term(&b, 1, "critical illness", ci);
    term(&b, 1, "civil-servant subsidy", other);
    term(&b, 1, "assistance", assist);
    term(&b, 1, "account", acct);
    term(&b, 1, "cash", cash);
    check(s, "Member bills: who paid", "member bills", tot, &b);
    terms b2 = { .len = 0 };
    term(&b2, 1, "full self-pay", fsp);
    term(&b2, 1, "over limit", over);
    term(&b2, 1, "class-B first pay", bfp);
    term(&b2, 1, "in scope", scope);
    check(s, "Member bills: what was billed", "member bills", tot, &b2);
    int64_t sp = 0, sp_claims = 0;
    for (size_t h = 0; h < s->n_hosp; h++)
        sp += s->h_self_pay[h];
    for (size_t i = 0; i < s->n_pc; i++)
        if (!s->pc_status[i])
            sp_claims += s->pc_self_pay[i];
    terms d = { .len = 0 };
    term(&d, 1, "bills − pooled fund of the cases' claims (benefit)", sp_claims);
    check(s, "What the pooled fund does not pay: points clearing = claims", "clearing", sp, &d);
}

static void out2(FILE *a, FILE *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void out2(FILE *a, FILE *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(a, fmt, ap);
    va_end(ap);
    if (b) {
        va_start(ap, fmt);
        vfprintf(b, fmt, ap);
        va_end(ap);
    }
}

/* A point value (6-decimal scale) with the 4 decimals books publish. */
static void pv(int64_t v, char *buf, size_t cap)
{
    int64_t r = 0;
    yb_rescale(v, 6, 4, YB_ROUND_HALF_UP, &r);
    yb_decimal_format(r, 4, buf, cap);
}

static void pct(int64_t part, int64_t whole, char *buf, size_t cap)
{
    int64_t v = 0;
    if (whole)
        yb_muldiv(part, 10000, whole, YB_ROUND_HALF_UP, &v);
    char t[32];
    yb_decimal_format(v, 2, t, sizeof t);
    snprintf(buf, cap, "%s%%", t);
}

int run_report(run_state *s)
{
    conservation(s);
    int rc = run_tables(s);
    if (rc)
        return rc;
    FILE *f = run_open(s, "summary.txt");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    FILE *o = stdout;
    const region_def *d = s->d;
    const region_members *m = &s->data.m;
    const region_cases *c = &s->data.c;
    char a[40], b[40], e[40], g[40], h[40];
    size_t ins[4] = { 0 }, enrol = 0;
    for (size_t i = 0; i < m->n; i++) {
        ins[m->insured[i]]++;
        enrol += m->alliance[i] != 0;
    }
    size_t hospitals = 0;
    for (size_t i = 0; i < d->n_fac; i++)
        hospitals += d->fac[i].inpatient;
    out2(o, f, "yibao run-year: region %s %s (seed %llu), settlement year %d -> %s/\n\n", d->name, d->version,
         (unsigned long long)d->seed, s->year, s->out);
    out2(o, f, "Region      %zu members: %zu employees in service, %zu retired, %zu residents (%zu alliance enrollees);\n"
               "            %zu hospitals, %zu village clinics\n",
         m->n, ins[1], ins[2], ins[3], enrol, hospitals, d->n_fac - hospitals);
    size_t per_year[REGION_MAX_YEARS] = { 0 }, local = 0, away = 0;
    for (size_t k = 0; k < c->n; k++) {
        per_year[c->year[k] - d->first_year]++;
        if (c->year[k] == s->year) {
            local += c->place[k] == PLACE_LOCAL;
            away += c->place[k] != PLACE_LOCAL;
        }
    }
    out2(o, f, "Cases       ");
    for (int y = d->first_year; y <= s->year; y++)
        out2(o, f, "%d: %zu%s", y, per_year[y - d->first_year], y < s->year ? ", " : "");
    out2(o, f, " (%d: %zu in the region, %zu outside)\n", s->year, local, away);
    out2(o, f, "CHS-DRG 1.1 every case grouped; %s with the generator's grouping\n",
         s->drg_mismatch ? "DIFFERS" : "identical");
    const yb_dip_build_summary *ds = &s->dip_summary;
    int64_t mean = 0;
    yb_rescale(ds->mean_all, 6, 2, YB_ROUND_HALF_UP, &mean);
    run_money(mean, a, sizeof a);
    out2(o, f, "DIP         catalogue from %d-%d (weights 1:2:7, threshold %d): %d national, %d local core, %d "
               "comprehensive groups; M = %s yuan\n            %d: %zu of %zu local cases ungrouped\n",
         d->first_year, s->year - 1, (int)ds->threshold, (int)ds->groups_national, (int)ds->groups_local,
         (int)ds->groups_comprehensive, a, s->year, s->dip_ungrouped_settle, local);
    pv(s->book_budget[0], a, sizeof a);
    pv(s->book_budget[1], b, sizeof b);
    out2(o, f, "Point value yuan/point     budget (history)  settlement   (the region's book published %s / %s)\n", a,
         b);
    static const char *const POOL[RUN_POOLS] = { "employees", "residents" };
    for (int p = 0; p < RUN_POOLS; p++) {
        pv(s->budget_value[p], a, sizeof a);
        pv(s->settle_value[p], b, sizeof b);
        run_money(s->fund_budget[p], e, sizeof e);
        out2(o, f, "            %-14s %16s  %10s   fund budget %s\n", POOL[p], a, b, e);
    }
    int64_t paid = 0, cost = 0, adv = 0, bal = 0, surplus = 0, shared = 0;
    size_t over = 0;
    for (size_t i = 0; i < s->n_hosp; i++) {
        over += s->h_cost[i] > s->h_gross[i];
        paid += s->h_total[i];
        cost += s->h_cost[i];
        adv += s->h_advance[i];
        bal += s->h_balance[i];
        if (s->h_corridor[i] < 0)
            surplus -= s->h_corridor[i];
        else
            shared += s->h_corridor[i];
    }
    run_money(paid, a, sizeof a);
    run_money(adv, b, sizeof b);
    run_money(bal, e, sizeof e);
    run_money(cost, g, sizeof g);
    out2(o, f, "Hospitals   paid %s (advances %s, clearing %s) for cases costing %s\n", a, b, e, g);
    run_money(surplus, a, sizeof a);
    run_money(shared, b, sizeof b);
    out2(o, f, "            %zu hospitals cost more than their entitlement (the fund shares %s of it), %zu less\n"
               "            (the fund takes back %s of their surpluses); %zu cases not settled\n",
         over, b, s->n_hosp - over, a, s->pc_bad);
    const yb_cap_summary *cs = &s->cap_summary;
    run_money(cs->budget, a, sizeof a);
    run_money(cs->spent_total, b, sizeof b);
    run_money(cs->spent_alliance, e, sizeof e);
    run_money(cs->spent_other_county + cs->spent_out_of_province, g, sizeof g);
    out2(o, f, "Alliance    pot %s, spent %s (inside %s, outside %s)\n", a, b, e, g);
    char score[32];
    yb_decimal_format(cs->score, 4, score, sizeof score);
    if (cs->overspend > 0) {
        run_money(cs->overspend, a, sizeof a);
        run_money(cs->fund_share, b, sizeof b);
        run_money(cs->alliance_share, e, sizeof e);
        out2(o, f, "            overspend %s: fund shares %s, alliance bears %s (score %s)\n", a, b, e, score);
    } else {
        run_money(cs->surplus, a, sizeof a);
        run_money(cs->retained, b, sizeof b);
        run_money(cs->returned, e, sizeof e);
        out2(o, f, "            surplus %s: alliance keeps %s, returned %s (score %s)\n", a, b, e, score);
    }
    run_money(cs->balance_due, a, sizeof a);
    out2(o, f, "            balance due to the alliance after advances: %s%s\n", a,
         cs->balance_due < 0 ? " (it repays: the fund paid the care outside from the pot itself)" : "");
    int64_t tot = 0, pooled = 0, ci = 0, other = 0, assist = 0, acct = 0, family = 0, cash = 0;
    size_t nclaims = 0, inpatient = 0, aided = 0;
    for (size_t j = s->claim_first; j < s->data.k.n; j++) {
        if (s->cl.status[j])
            continue;
        nclaims++;
        inpatient += s->data.k.visit[j] == VISIT_INPATIENT;
        tot += s->cl.total[j];
        pooled += s->cl.pooled[j];
        ci += s->cl.critical_illness[j];
        other += s->cl.other_funds[j];
        assist += s->cl.assistance[j];
        acct += s->cl.account_pay[j];
        family += s->cl.family_aid[j];
        aided += s->cl.family_aid[j] > 0;
        cash += s->cl.cash_pay[j];
    }
    run_money(tot, a, sizeof a);
    out2(o, f, "Members     %zu claims (%zu inpatient, %zu outpatient; %zu refused) billing %s:\n", nclaims, inpatient,
         nclaims - inpatient, s->cl.failed, a);
    pct(pooled, tot, a, sizeof a);
    pct(ci, tot, b, sizeof b);
    pct(other, tot, e, sizeof e);
    pct(assist, tot, g, sizeof g);
    pct(acct, tot, h, sizeof h);
    char cs_[40];
    pct(cash, tot, cs_, sizeof cs_);
    out2(o, f, "            pooled %s, critical illness %s, civil servants %s, assistance %s, account %s, cash %s\n", a,
         b, e, g, h, cs_);
    run_money(family, a, sizeof a);
    out2(o, f, "            family mutual aid (家庭共济, within the account share): %s on %zu claims\n", a, aided);
    out2(o, f, "\nPack fingerprints\n");
    struct { const char *what, *fp; } fps[] = {
        { "region", s->fp_region }, { "CHS-DRG", s->fp_drg }, { "DIP national", s->fp_dip_base },
        { "DIP region (built)", s->fp_dip }, { "points (region)", s->fp_points_base }, { "points (year)", s->fp_book },
        { "capitation", s->fp_cap }, { "benefit", s->fp_benefit }, { "DRG weights", s->fp_weights },
    };
    for (size_t i = 0; i < sizeof fps / sizeof fps[0]; i++)
        out2(o, f, "  %-20s %s\n", fps[i].what, fps[i].fp);
    out2(o, f, "\nConservation (exact, in fen)\n");
    int bad = 0;
    for (size_t i = 0; i < s->n_checks; i++) {
        const run_check *k = &s->checks[i];
        int ok = k->lhs == k->rhs;
        bad |= !ok;
        out2(o, f, "%-8s %s\n         %s\n       = %s\n", ok ? "OK" : "MISMATCH", k->what, k->lhs_text, k->rhs_text);
        if (!ok) {
            run_money(k->lhs - k->rhs, a, sizeof a);
            out2(o, f, "         difference %s\n", a);
        }
    }
    out2(o, f, "\nReport: %s/index.html (tables: %s/*.csv, data: %s/)\n", s->out, s->out, s->data_dir);
    rc = run_close(s, f, "summary.txt");
    if (rc)
        return rc;
    return bad ? YB_E_INTERNAL : YB_OK;
}
