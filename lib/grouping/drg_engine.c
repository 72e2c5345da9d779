/* The CHS-DRG engine: list hits of a case, condition evaluation, MCC/CC with
 * exclusion tables, and the walk MDC → ADRG → DRG (doc/packs-drg.md
 * §Semantics). Every step may be recorded for a trace (rec != NULL); the
 * fast path and the trace run this same code. */
#include <string.h>

#include "drg_internal.h"

static inline void set_bit(uint64_t *bits, uint32_t i)
{
    bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

static inline int drg_ctz64(uint64_t x)
{
#if defined(__GNUC__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

static inline int get_bit(const uint64_t *bits, uint32_t i)
{
    return (int)((bits[i >> 6] >> (i & 63)) & 1);
}

static inline void mark(const drg_codes *dc, uint32_t code, uint64_t *bits)
{
    if (code >= dc->n)
        return; /* unknown: in no list */
    const drg_code_info *ci = &dc->info[code];
    const uint32_t *l = dc->mem_list + ci->mem_first;
    for (uint32_t k = 0; k < ci->mem_n; k++)
        set_bit(bits, l[k]);
}

/* Fills the case's list-hit bitsets (principal and secondary, diagnoses and
 * procedures; "any" is their union, tested as such). */
void drg_case_prepare(const yb_drg_scheme *s, drg_case *c)
{
    size_t w = s->words;
    uint64_t *b = c->bits;
    /* start loading the membership lists (their records were prefetched when
     * the codes were resolved) */
    for (uint32_t i = 0; i < c->n_dx; i++)
        if (c->dx[i] < s->dx.n)
            DRG_PREFETCH(s->dx.mem_list + s->dx.info[c->dx[i]].mem_first);
    for (uint32_t i = 0; i < c->n_proc; i++)
        if (c->proc[i] < s->proc.n)
            DRG_PREFETCH(s->proc.mem_list + s->proc.info[c->proc[i]].mem_first);
    memset(b, 0, DRG_BITSETS * w * sizeof *b);
    if (c->n_dx) {
        mark(&s->dx, c->dx[0], b + CLS_PDX * w);
        for (uint32_t i = 1; i < c->n_dx; i++)
            mark(&s->dx, c->dx[i], b + CLS_SDX * w);
    }
    uint32_t counting = 0;
    for (uint32_t i = 0; i < c->n_proc; i++) {
        if (i == 0 && c->pproc_ignored)
            continue;
        counting++;
        mark(&s->proc, c->proc[i], b + (i == 0 ? CLS_PPROC : CLS_SPROC) * w);
    }
    c->n_proc_counting = counting;
    c->field[F_DX_COUNT] = (int32_t)c->n_dx;
    c->field[F_PROC_COUNT] = (int32_t)counting;
    c->cc_done = 0;
}

static inline int hit(const yb_drg_scheme *s, const drg_case *c, int cls, uint32_t list)
{
    size_t w = s->words;
    if (cls < DRG_BITSETS)
        return get_bit(c->bits + (size_t)cls * w, list);
    int p = cls == CLS_ADX ? CLS_PDX : CLS_PPROC;
    return get_bit(c->bits + (size_t)p * w, list) | get_bit(c->bits + (size_t)(p + 1) * w, list);
}

static int compare(int32_t x, int cmp, int32_t v)
{
    switch (cmp) {
    case CMP_EQ: return x == v;
    case CMP_NE: return x != v;
    case CMP_LT: return x < v;
    case CMP_LE: return x <= v;
    case CMP_GT: return x > v;
    default: return x >= v;
    }
}

/* Number of distinct tags of `list` among the codes of a class. */
static int32_t distinct_tags(const yb_drg_scheme *s, const drg_case *c, int cls, uint32_t list)
{
    uint16_t seen[64];
    int32_t n = 0;
    drg_class_span sp = drg_class_codes(s, c, cls);
    for (uint32_t i = sp.begin; i < sp.end; i++) {
        uint32_t k = drg_membership(sp.dc, sp.codes[i], list);
        if (k == UINT32_MAX || sp.dc->mem_tag[k] == DRG_NONE16)
            continue;
        int dup = 0;
        for (int32_t j = 0; j < n; j++)
            dup |= seen[j] == sp.dc->mem_tag[k];
        if (!dup && n < 64)
            seen[n++] = sp.dc->mem_tag[k];
    }
    return n;
}

/* MCC/CC of the secondary diagnoses after the principal's exclusion table
 * (CHS-DRG: a secondary counts unless its table equals the principal's). */
void drg_severity(const yb_drg_scheme *s, drg_case *c, drg_rec *rec)
{
    if (c->cc_done && !rec)
        return;
    c->n_mcc = c->n_cc = c->n_excluded = 0;
    uint16_t excl = DRG_NONE16;
    if (c->n_dx && c->dx[0] < s->dx.n)
        excl = s->dx.info[c->dx[0]].excl_table;
    for (uint32_t i = 1; i < c->n_dx; i++) {
        uint32_t d = c->dx[i];
        if (d >= s->dx.n || s->dx.info[d].cc_level == CC_NONE)
            continue;
        int level = s->dx.info[d].cc_level;
        uint16_t table = s->dx.info[d].cc_table;
        int excluded = excl != DRG_NONE16 && table == excl;
        if (excluded)
            c->n_excluded++;
        else if (level == CC_MCC)
            c->n_mcc++;
        else
            c->n_cc++;
        if (rec) {
            const char *code = yb_dict_code(s->dx.dict, d);
            const char *tname = drg_str(s, s->table_name[table]);
            drg_rec_step(rec, YB_DRG_STEP_CC, !excluded, YB_DRG_NO_ID, YB_DRG_NO_ID, YB_DRG_NO_ID, code, "");
            if (excluded)
                drg_rec_detail(rec, "%s is %s of exclusion table %s, the table of the principal %s: excluded",
                               code, level == CC_MCC ? "MCC" : "CC", tname, yb_dict_code(s->dx.dict, c->dx[0]));
            else if (excl != DRG_NONE16)
                drg_rec_detail(rec, "%s is %s (exclusion table %s; the principal's table is %s): counts", code,
                               level == CC_MCC ? "MCC" : "CC", tname, drg_str(s, s->table_name[excl]));
            else
                drg_rec_detail(rec, "%s is %s (exclusion table %s; the principal has no exclusion table): counts",
                               code, level == CC_MCC ? "MCC" : "CC", tname);
            drg_rec_code(rec, excluded ? YB_DRG_CODE_EXCLUDED : level == CC_MCC ? YB_DRG_CODE_MCC : YB_DRG_CODE_CC,
                         0, (int)i, code, tname);
            if (excluded)
                drg_rec_code(rec, YB_DRG_CODE_EXCLUDER, 0, 0, yb_dict_code(s->dx.dict, c->dx[0]), tname);
        }
    }
    c->cc_done = 1;
}

static void explain_atom(const yb_drg_scheme *s, drg_case *c, const drg_instr *in, int v, drg_rec *rec)
{
    switch (in->op) {
    case OP_LIST:
        drg_rec_detail(rec, "%s in %s: %s; ", drg_class_name(in->a), drg_str(s, s->list_name[in->arg]),
                       v ? "yes" : "no");
        if (v)
            drg_rec_list_hits(rec, s, c, in->a, in->arg, 0);
        break;
    case OP_CMP:
        if (c->field[in->a] == -1 && in->a != F_DX_COUNT && in->a != F_PROC_COUNT)
            drg_rec_detail(rec, "%s %s %d: no (%s missing); ", drg_field_name(in->a), drg_cmp_name(in->b),
                           (int)in->value, drg_field_name(in->a));
        else
            drg_rec_detail(rec, "%s %s %d: %s (%s = %d); ", drg_field_name(in->a), drg_cmp_name(in->b),
                           (int)in->value, v ? "yes" : "no", drg_field_name(in->a), (int)c->field[in->a]);
        break;
    case OP_TAGS:
        drg_rec_detail(rec, "distinct_tags(%s in %s) %s %d: %s (%d); ", drg_class_name(in->a),
                       drg_str(s, s->list_name[in->arg]), drg_cmp_name(in->b), (int)in->value, v ? "yes" : "no",
                       (int)distinct_tags(s, c, in->a, in->arg));
        drg_rec_list_hits(rec, s, c, in->a, in->arg, 1);
        break;
    case OP_HAS_PROC:
        drg_rec_detail(rec, "has_procedure: %s (%u); ", v ? "yes" : "no", (unsigned)c->n_proc_counting);
        break;
    case OP_HAS_PPROC:
        drg_rec_detail(rec, "has_principal_proc: %s; ", v ? "yes" : "no");
        break;
    case OP_HAS_MCC:
        drg_rec_detail(rec, "has_mcc: %s (%d MCC); ", v ? "yes" : "no", (int)c->n_mcc);
        break;
    case OP_HAS_CC:
        drg_rec_detail(rec, "has_cc: %s (%d CC); ", v ? "yes" : "no", (int)c->n_cc);
        break;
    default:
        break;
    }
}

int drg_eval(const yb_drg_scheme *s, drg_case *c, const drg_prog *p, drg_rec *rec)
{
    const drg_instr *code = drg_code_at(s, 0);
    uint32_t pc = p->off, end = p->off + p->len;
    int acc = 0;
    while (pc < end) {
        const drg_instr *in = &code[pc++];
        switch (in->op) {
        case OP_TRUE: acc = 1; break;
        case OP_FALSE: acc = 0; break;
        case OP_LIST: acc = hit(s, c, in->a, in->arg); break;
        case OP_CMP: {
            int32_t x = c->field[in->a];
            acc = (x != -1 || in->a == F_DX_COUNT || in->a == F_PROC_COUNT) && compare(x, in->b, in->value);
            break;
        }
        case OP_TAGS: acc = compare(distinct_tags(s, c, in->a, in->arg), in->b, in->value); break;
        case OP_HAS_PROC: acc = c->n_proc_counting > 0; break;
        case OP_HAS_PPROC: acc = c->n_proc > 0 && !c->pproc_ignored; break;
        case OP_HAS_MCC: drg_severity(s, c, NULL); acc = c->n_mcc > 0; break;
        case OP_HAS_CC: drg_severity(s, c, NULL); acc = c->n_cc > 0; break;
        case OP_NOT: acc = !acc; continue;
        case OP_JF: if (!acc) pc = in->arg; continue;
        case OP_JT: if (acc) pc = in->arg; continue;
        default: acc = 0; break;
        }
        if (rec)
            explain_atom(s, c, in, acc, rec);
    }
    return acc;
}

/* drg_eval() with the condition's guard checked first: most gates and ADRG
 * rules need one list (the principal in an MDC's list, the principal procedure
 * in an ADRG's list), and a single bit test rules them out. A trace always
 * evaluates in full (the guard never changes the value). */
static inline int eval(const yb_drg_scheme *s, drg_case *c, const drg_prog *p, drg_rec *rec)
{
    if (!rec && p->guard_cls != DRG_NO_GUARD && !hit(s, c, p->guard_cls, p->guard_list))
        return 0;
    return drg_eval(s, c, p, rec);
}

static const char *mdc_code(const yb_drg_scheme *s, uint32_t m) { return drg_str(s, s->mdcs[m].code); }
static const char *adrg_code(const yb_drg_scheme *s, uint32_t a) { return drg_str(s, s->adrgs[a].code); }

/* Chooses the DRG inside an ADRG: the first whose predicate holds. */
static uint32_t split(const yb_drg_scheme *s, drg_case *c, uint32_t a, drg_rec *rec)
{
    const drg_adrg *ad = &s->adrgs[a];
    for (uint32_t k = 0; k < ad->drg_n; k++) {
        uint32_t d = s->adrg_drgs[ad->drg_first + k];
        const drg_drg *dr = &s->drgs[d];
        if (rec)
            drg_rec_step(rec, YB_DRG_STEP_DRG, 0, ad->mdc, a, d, drg_str(s, dr->code), drg_str(s, dr->pred.text));
        int v = eval(s, c, &dr->pred, rec);
        if (rec && v)
            drg_rec_outcome(rec, 1);
        if (v)
            return d;
    }
    return s->ungroupable;
}

void drg_group_case(const yb_drg_scheme *s, drg_case *c, drg_out *out, drg_rec *rec)
{
    out->mdc = out->adrg = YB_DRG_NO_ID;
    out->drg = s->ungroupable;
    if (rec)
        drg_severity(s, c, rec); /* the trace shows MCC/CC up front */
    /* The MDCs this principal diagnosis can open (a trace tries every one). */
    uint64_t possible = ~(uint64_t)0;
    int masked = !rec && s->list_mdc_mask;
    if (masked) {
        possible = s->mdc_always;
        uint32_t pdx = c->n_dx ? c->dx[0] : DRG_UNKNOWN;
        if (pdx < s->dx.n) {
            const drg_code_info *ci = &s->dx.info[pdx];
            for (uint32_t k = 0; k < ci->mem_n; k++)
                possible |= s->list_mdc_mask[s->dx.mem_list[ci->mem_first + k]];
        }
    }
    for (uint32_t oi = 0; oi < s->n_mdc; oi++) {
        if (masked) {
            uint64_t left = possible >> oi;
            if (!left)
                break;
            oi += (uint32_t)drg_ctz64(left);
        }
        uint32_t m = s->mdc_order[oi];
        const drg_mdc *md = &s->mdcs[m];
        if (rec)
            drg_rec_step(rec, YB_DRG_STEP_MDC, 0, m, YB_DRG_NO_ID, YB_DRG_NO_ID, mdc_code(s, m),
                         drg_str(s, md->gate.text));
        if (!eval(s, c, &md->gate, rec))
            continue;
        if (rec)
            drg_rec_outcome(rec, 1);
        uint32_t chosen = YB_DRG_NO_ID;
        const uint32_t *guard = s->adrg_guard + md->adrg_first;
        for (uint32_t k = 0; k < md->adrg_n; k++) {
            if (!rec && guard[k] != DRG_NO_PACKED && !hit(s, c, (int)(guard[k] >> 24), guard[k] & 0xFFFFFFu))
                continue;
            uint32_t a = s->mdc_adrgs[md->adrg_first + k];
            if (rec)
                drg_rec_step(rec, YB_DRG_STEP_ADRG, 0, m, a, YB_DRG_NO_ID, adrg_code(s, a),
                             drg_str(s, s->adrgs[a].cond.text));
            if (drg_eval(s, c, &s->adrgs[a].cond, rec)) {
                if (rec)
                    drg_rec_outcome(rec, 1);
                chosen = a;
                break;
            }
        }
        if (chosen == YB_DRG_NO_ID) {
            if (rec) {
                drg_rec_step(rec, YB_DRG_STEP_NO_ADRG, !md->stop_when_no_adrg, m, YB_DRG_NO_ID, YB_DRG_NO_ID,
                             mdc_code(s, m), "");
                drg_rec_detail(rec, md->stop_when_no_adrg ? "no ADRG of %s matched: the case is ungroupable in it"
                                                          : "no ADRG of %s matched: the next MDC is tried",
                               mdc_code(s, m));
            }
            if (md->stop_when_no_adrg) {
                out->mdc = m;
                return;
            }
            /* A gate that is simply `true` (CHS-DRG 2.0's MDCA: "entered when an ADRG
             * matches") holds for every case; passing it on is not worth a flag. */
            if (!(md->gate.len == 1 && drg_code_at(s, md->gate.off)->op == OP_TRUE))
                out->flags |= YB_DRG_FLAG_FELL_THROUGH;
            continue;
        }
        /* A medical ADRG may be redirected to the MDC's ambiguous group. */
        if (md->qy_adrg != YB_DRG_NO_ID && s->adrgs[chosen].kind == KIND_MEDICAL) {
            if (rec)
                drg_rec_step(rec, YB_DRG_STEP_AMBIGUOUS, 0, m, md->qy_adrg, YB_DRG_NO_ID, adrg_code(s, md->qy_adrg),
                             drg_str(s, md->qy.text));
            if (eval(s, c, &md->qy, rec)) {
                if (rec) {
                    drg_rec_outcome(rec, 1);
                    drg_rec_detail(rec, "medical ADRG %s redirected to the ambiguous group %s", adrg_code(s, chosen),
                                   adrg_code(s, md->qy_adrg));
                }
                chosen = md->qy_adrg;
            }
        }
        out->mdc = m;
        out->adrg = chosen;
        out->drg = split(s, c, chosen, rec);
        if (s->adrgs[chosen].kind == KIND_AMBIGUOUS)
            out->flags |= YB_DRG_FLAG_AMBIGUOUS;
        return;
    }
}
