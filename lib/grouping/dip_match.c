/* Matching one cleaned case against a DIP catalogue.
 *
 * Order (DIP 3.0 technical specification draft, ch. 3 §2 三 and §3 三(一),(三)):
 * exclusion lists → pre-groups → merged groups → diagnosis-refined groups →
 * basic-rule core groups → comprehensive groups. The first layer with a
 * matching rule decides. Inside a layer (§3 三(一) 1-3): the rule matching the
 * most procedure components wins (principal procedure, related procedures,
 * procedures required anywhere); a rule with related procedures needs them,
 * so a case whose related procedures match no rule falls back to the rule on
 * principal diagnosis + principal procedure; then, when the pack asks for it
 * (match.prefer_specific_dx), the rule reached through the more specific
 * principal-diagnosis key (exact code > 4-character > 3-character); remaining
 * ties by the declared rule match.tie_break ("first": catalogue order;
 * "highest_score" / "lowest_score"). Comprehensive groups (§3 三(三) 2): the
 * principal procedure's attribute chooses surgery / therapeutic / diagnostic,
 * no procedure the conservative group; a case whose attribute group does not
 * exist goes to the conservative group of its category ((4), parameter
 * comprehensive.fallback_conservative). */
#include <string.h>

#include "grouping/dip_internal.h"

int dip_comp_has(const yb_dip_catalog *cat, uint32_t comp, uint32_t proc)
{
    const dip_comp *c = &cat->comps[comp];
    const uint32_t *v = cat->cnf_codes + c->code_off;
    uint32_t lo = 0, hi = c->ncode;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] == proc)
            return 1;
        if (v[mid] < proc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int dip_cnf_match(const yb_dip_catalog *cat, uint32_t cnf, const uint32_t *procs, uint32_t n, uint32_t skip)
{
    const dip_cnf *c = &cat->cnfs[cnf];
    for (uint32_t k = 0; k < c->ncomp; k++) {
        int found = 0;
        for (uint32_t i = 0; i < n && !found; i++)
            found = i != skip && dip_comp_has(cat, c->comp_off + k, procs[i]);
        if (!found)
            return -1;
    }
    return (int)c->ncomp;
}

/* Exclusions on the procedures, the ventilation code, and the principal
 * procedure: the first kept procedure the exclusion list allows as principal. */
static void clean_procs(const yb_dip_catalog *cat, dip_case *c, dip_trace *t)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nproc; i++) {
        uint32_t p = c->procs[i];
        if (cat->proc_flags[p] & DIP_PROC_DROP) {
            c->flags |= YB_DIP_FLAG_PROC_IGNORED;
            DIP_NOTE(t, "procedure %s ignored: exclusion list, grouped as conservative treatment\n",
                           yb_dict_code(cat->proc, p));
            continue;
        }
        c->procs[n++] = p;
    }
    if (cat->vent_code != DIP_NONE && c->vent >= cat->vent_min_hours) {
        uint32_t i = 0;
        while (i < n && c->procs[i] != cat->vent_code)
            i++;
        if (i == n) {
            c->procs[n++] = cat->vent_code;
            c->flags |= YB_DIP_FLAG_VENTILATION_HOURS;
            DIP_NOTE(t, "procedure %s added: %d hours of ventilation (at least %d)\n",
                           yb_dict_code(cat->proc, cat->vent_code), (int)c->vent, (int)cat->vent_min_hours);
        }
    }
    c->nproc = n;
    c->principal = DIP_NONE;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = c->procs[i];
        if (!(cat->proc_flags[p] & DIP_PROC_NOT_PRINCIPAL) ||
            (cat->proc_allow[p] != DIP_NONE && dip_bit(c->pdx_sets, cat->proc_allow[p]))) {
            c->principal = i;
            break;
        }
        DIP_NOTE(t, "procedure %s may not be the principal procedure (exclusion list)\n",
                       yb_dict_code(cat->proc, p));
    }
    if (n && c->principal != 0)
        c->flags |= YB_DIP_FLAG_PRINCIPAL_SHIFTED;
}

/* 1 = match (*count set), 0 = no (*why set), < 0 = the row's status. */
static int eval_rule(const yb_dip_catalog *cat, const dip_case *c, const dip_rule *r, int *count, const char **why)
{
    int n = 0;
    if (r->no_proc && c->principal != DIP_NONE) {
        *why = "the group is for cases without a procedure";
        return 0;
    }
    if (r->pproc != DIP_NONE) {
        if (c->principal == DIP_NONE) {
            *why = "no principal procedure";
            return 0;
        }
        if (!dip_comp_has(cat, cat->cnfs[r->pproc].comp_off, c->procs[c->principal])) {
            *why = "principal procedure not listed";
            return 0;
        }
        n = 1;
    }
    if (r->sdx != DIP_NONE && !dip_bit(c->sec_sets, r->sdx)) {
        *why = "no listed secondary diagnosis";
        return 0;
    }
    if (r->anydx != DIP_NONE && !dip_bit(c->all_sets, r->anydx)) {
        *why = "no listed diagnosis";
        return 0;
    }
    if (r->not_pdx != DIP_NONE && dip_bit(c->pdx_sets, r->not_pdx)) {
        *why = "principal diagnosis excluded by the rule";
        return 0;
    }
    if (r->not_sdx != DIP_NONE && dip_bit(c->sec_sets, r->not_sdx)) {
        *why = "a secondary diagnosis excluded by the rule";
        return 0;
    }
    if (r->procs != DIP_NONE) {
        int k = dip_cnf_match(cat, r->procs, c->procs, c->nproc, DIP_NONE);
        if (k < 0) {
            *why = "required procedures not all present";
            return 0;
        }
        n += k;
    }
    if (r->related != DIP_NONE) {
        int k = dip_cnf_match(cat, r->related, c->procs, c->nproc, c->principal);
        if (k < 0) {
            *why = "related procedures not all present";
            return 0;
        }
        n += k;
    }
    if (r->age_days_max >= 0) {
        if (c->age_years >= 1) {
            *why = "not a newborn";
            return 0;
        }
        if (c->age_days < 0)
            return YB_E_ROW_AGE_DAYS;
        if (c->age_days > r->age_days_max) {
            *why = "older than the rule's age in days";
            return 0;
        }
        if (r->weight_min >= 0 || r->weight_max >= 0) {
            if (c->weight < 0)
                return YB_E_ROW_BIRTH_WEIGHT;
            if ((r->weight_min >= 0 && c->weight < r->weight_min) ||
                (r->weight_max >= 0 && c->weight > r->weight_max)) {
                *why = "birth weight outside the band";
                return 0;
            }
        }
    }
    *count = n;
    return 1;
}

typedef struct best {
    uint32_t rule, group;
    int count, spec, ntie;
} best;

/* Whether group a wins a tie against group b under the declared rule. */
static int tie_prefers(const yb_dip_catalog *cat, uint32_t a, uint32_t b)
{
    const dip_group *ga = &cat->groups[a], *gb = &cat->groups[b];
    if (cat->tie_break != DIP_TIE_FIRST && ga->has_score != gb->has_score)
        return ga->has_score;
    if (cat->tie_break != DIP_TIE_FIRST && ga->has_score && ga->score != gb->score)
        return cat->tie_break == DIP_TIE_HIGHEST_SCORE ? ga->score > gb->score : ga->score < gb->score;
    return a < b;
}

static int consider(const yb_dip_catalog *cat, const dip_case *c, uint32_t rule, int spec, int attr,
                    const dip_match_opts *opts, best *b, dip_trace *t)
{
    const dip_rule *r = &cat->rules[rule];
    if (r->layer == YB_DIP_LAYER_COMPREHENSIVE && r->attribute != attr)
        return YB_OK;
    if (!r->active || (opts && opts->inactive && opts->inactive[r->group])) {
        if (t)
            dip_trace_rule(t, cat, rule, spec, 0, 0, "group inactive in this catalogue");
        return YB_OK;
    }
    int count = 0;
    const char *why = "";
    int rc = eval_rule(cat, c, r, &count, &why);
    if (t)
        dip_trace_rule(t, cat, rule, spec, rc, count, why);
    if (rc <= 0)
        return rc;
    if (b->rule == DIP_NONE) {
        *b = (best){ rule, r->group, count, spec, 1 };
        return YB_OK;
    }
    int cmp = count - b->count;
    if (cmp == 0 && cat->prefer_specific)
        cmp = spec - b->spec;
    if (cmp > 0) {
        *b = (best){ rule, r->group, count, spec, 1 };
    } else if (cmp == 0 && r->group != b->group) {
        b->ntie++;
        if (tie_prefers(cat, r->group, b->group)) {
            b->rule = rule;
            b->group = r->group;
        }
    }
    return YB_OK;
}

static int global_hint(const yb_dip_catalog *cat, const dip_case *c)
{
    for (uint32_t i = 0; i < c->nproc; i++)
        if (cat->proc_flags[c->procs[i]] & DIP_PROC_GLOBAL)
            return 1;
    for (uint32_t w = 0; w < cat->set_words; w++)
        if (c->all_sets[w] & cat->global_mask[w])
            return 1;
    return 0;
}

static int match_layer(const yb_dip_catalog *cat, const dip_case *c, int layer, int attr, int hint,
                       const dip_match_opts *opts, best *b, dip_trace *t)
{
    int rc;
    b->rule = b->group = DIP_NONE;
    b->count = b->spec = b->ntie = 0;
    for (int k = 0; k < 3; k++) {
        uint32_t key = c->dx_keys[k];
        if (key == DIP_NONE)
            continue;
        /* each key's rules are sorted by layer (dip_finalize), which
         * key_layer_off delimits */
        const uint32_t *lo = cat->key_layer_off + (size_t)key * (DIP_NLAYERS + 1);
        for (uint32_t e = lo[layer - 1]; e < lo[layer]; e++) {
            uint32_t v = cat->key_rules[e];
            if ((rc = consider(cat, c, v >> 2, (int)(v & 3), attr, opts, b, t)))
                return rc;
        }
    }
    if (hint)
        for (uint32_t g = cat->global_layer_off[layer - 1]; g < cat->global_layer_off[layer]; g++)
            if ((rc = consider(cat, c, cat->global_rules[g], DIP_SPEC_ANY, attr, opts, b, t)))
                return rc;
    return YB_OK;
}

static void finish(const yb_dip_catalog *cat, const dip_case *c, dip_outcome *out, dip_trace *t)
{
    int32_t cci = cat->has_cci ? dip_case_cci(cat, c) : -1;
    out->cci = cci;
    if (out->group == DIP_NONE) {
        out->flags |= YB_DIP_FLAG_UNGROUPED;
        return;
    }
    const dip_group *g = &cat->groups[out->group];
    out->score = g->has_score ? g->score : 0;
    if (!g->has_score)
        out->flags |= YB_DIP_FLAG_NO_SCORE;
    if (g->primary_care)
        out->flags |= YB_DIP_FLAG_PRIMARY_CARE;
    int sev = -1;
    const uint32_t *lists[2] = { cat->group_subs + g->sub_off, cat->global_subs };
    uint32_t counts[2] = { g->sub_n, cat->nglobal_subs };
    for (int l = 0; l < 2; l++)
        for (uint32_t k = 0; k < counts[l]; k++) {
            uint32_t pub = lists[l][k];
            const dip_subtype *s = &cat->subs[cat->applied[pub]];
            if (!dip_subtype_fits(cat, s, c, &cci, &sev))
                continue;
            DIP_NOTE(t, "subtype %s (%s) fits, coefficient %lld.%06lld\n", dip_pool_str(cat, s->code),
                           dip_pool_str(cat, s->name), (long long)(s->coef / YB_RATIO_ONE),
                           (long long)(s->coef % YB_RATIO_ONE));
            if (out->subtype == DIP_NONE || s->coef > out->coef) {
                out->subtype = pub;
                out->coef = s->coef;
            }
        }
    if (out->coef == YB_RATIO_ONE)
        out->subtype_score = out->score; /* score x 1.000000: exact, nothing to round */
    else if (yb_muldiv(out->score, out->coef, YB_RATIO_ONE, cat->rounding, &out->subtype_score))
        out->subtype_score = 0; /* cannot overflow: a score below 2^63 times a ratio below 2^31 / 10^6 */
}

int dip_match(yb_ctx *ctx, const yb_dip_catalog *cat, dip_work *w, const dip_match_opts *opts, dip_outcome *out,
              dip_trace *t)
{
    (void)ctx;
    dip_case *c = &w->c;
    memset(out, 0, sizeof *out);
    out->group = DIP_NONE;
    out->subtype = DIP_NONE;
    out->coef = YB_RATIO_ONE;
    clean_procs(cat, c, t);
    int attr = c->principal == DIP_NONE ? YB_DIP_ATTR_CONSERVATIVE : cat->proc_attr[c->procs[c->principal]];
    out->attribute = attr;
    int excluded = c->dx_ids[0] != DIP_NONE && cat->dx_excluded[c->dx_ids[0]];
    best b = { DIP_NONE, DIP_NONE, 0, 0, 0 };
    int rc;
    if (excluded) {
        c->flags |= YB_DIP_FLAG_EXCLUDED_DX;
        DIP_NOTE(t, "principal diagnosis %s is on the exclusion list: %s\n", yb_dict_code(cat->dx, c->dx_ids[0]),
                       cat->excluded_to_comprehensive ? "only comprehensive groups" : "not grouped");
    }
    if (!excluded || cat->excluded_to_comprehensive) {
        int hint = global_hint(cat, c);
        for (int layer = YB_DIP_LAYER_PRE; !excluded && layer <= YB_DIP_LAYER_CORE; layer++) {
            DIP_NOTE(t, "layer %s:\n", dip_layer_names[layer]);
            if ((rc = match_layer(cat, c, layer, -1, hint, opts, &b, t)))
                return rc;
            if (b.rule != DIP_NONE) {
                out->layer = layer;
                break;
            }
        }
        if (b.rule == DIP_NONE && !(opts && opts->skip_comprehensive)) {
            DIP_NOTE(t, "layer comprehensive (attribute %s):\n", dip_attr_names[attr]);
            if ((rc = match_layer(cat, c, YB_DIP_LAYER_COMPREHENSIVE, attr, hint, opts, &b, t)))
                return rc;
            if (b.rule == DIP_NONE && attr != YB_DIP_ATTR_CONSERVATIVE && cat->fallback_conservative) {
                DIP_NOTE(t, "no %s group: conservative group of the category\n", dip_attr_names[attr]);
                if ((rc = match_layer(cat, c, YB_DIP_LAYER_COMPREHENSIVE, YB_DIP_ATTR_CONSERVATIVE, hint, opts, &b, t)))
                    return rc;
                if (b.rule != DIP_NONE)
                    c->flags |= YB_DIP_FLAG_FALLBACK_CONSERVATIVE;
            }
            if (b.rule != DIP_NONE)
                out->layer = YB_DIP_LAYER_COMPREHENSIVE;
        }
    }
    if (b.rule != DIP_NONE) {
        out->group = b.group;
        out->matched = b.count;
        if (b.ntie > 1) {
            c->flags |= YB_DIP_FLAG_TIE_BREAK;
            DIP_NOTE(t, "tie between %d groups with %d procedure components: %s decides\n", b.ntie, b.count,
                           cat->tie_break == DIP_TIE_FIRST           ? "catalogue order (first)"
                           : cat->tie_break == DIP_TIE_HIGHEST_SCORE ? "highest score"
                                                                     : "lowest score");
        }
    }
    out->flags = c->flags;
    finish(cat, c, out, t);
    return YB_OK;
}
