/* Read-only accessors of a loaded CHS-DRG scheme (grouping.h). */
#include <string.h>

#include "drg_internal.h"

const char *yb_drg_scheme_fingerprint(const yb_drg_scheme *s)
{
    return s ? s->fingerprint : "";
}

const char *yb_drg_scheme_name(const yb_drg_scheme *s)
{
    return s ? drg_str(s, s->name) : "";
}

const char *yb_drg_scheme_version(const yb_drg_scheme *s)
{
    return s ? drg_str(s, s->version) : "";
}

const yb_dict *yb_drg_scheme_dx_dict(const yb_drg_scheme *s)
{
    return s ? s->dx.dict : NULL;
}

const yb_dict *yb_drg_scheme_proc_dict(const yb_drg_scheme *s)
{
    return s ? s->proc.dict : NULL;
}

/* MDCs, ADRGs and DRGs have the same accessors: a count, a code look-up, and per id a code, a name and
 * (ADRG, DRG) a parent. */
enum level { LV_MDC, LV_ADRG, LV_DRG };

typedef struct entry {
    uint32_t code, name; /* pool offsets */
    uint32_t parent;     /* id one level up; YB_DRG_NO_ID for an MDC */
} entry;

static uint32_t count(const yb_drg_scheme *s, enum level lv)
{
    if (!s)
        return 0;
    return lv == LV_MDC ? s->n_mdc : lv == LV_ADRG ? s->n_adrg : s->n_drg;
}

/* Entry id of a level; 0 when s is NULL or id is out of range. */
static int entry_at(const yb_drg_scheme *s, enum level lv, uint32_t id, entry *e)
{
    if (id >= count(s, lv))
        return 0;
    switch (lv) {
    case LV_MDC: *e = (entry){ s->mdcs[id].code, s->mdcs[id].name, YB_DRG_NO_ID }; break;
    case LV_ADRG: *e = (entry){ s->adrgs[id].code, s->adrgs[id].name, s->adrgs[id].mdc }; break;
    default: *e = (entry){ s->drgs[id].code, s->drgs[id].name, s->drgs[id].adrg }; break;
    }
    return 1;
}

static const char *code_of(const yb_drg_scheme *s, enum level lv, uint32_t id)
{
    entry e;
    return entry_at(s, lv, id, &e) ? drg_str(s, e.code) : NULL;
}

static const char *name_of(const yb_drg_scheme *s, enum level lv, uint32_t id)
{
    entry e;
    return entry_at(s, lv, id, &e) ? drg_str(s, e.name) : NULL;
}

static uint32_t parent_of(const yb_drg_scheme *s, enum level lv, uint32_t id)
{
    entry e;
    return entry_at(s, lv, id, &e) ? e.parent : YB_DRG_NO_ID;
}

static int lookup(const yb_drg_scheme *s, enum level lv, const char *code, uint32_t *id)
{
    if (!s || !code || !id)
        return YB_E_INVALID_ARG;
    const drg_strmap *m = lv == LV_MDC ? &s->mdc_map : lv == LV_ADRG ? &s->adrg_map : &s->drg_map;
    return drg_strmap_get(m, s->pool.p, code, strlen(code), id) ? YB_OK : YB_E_NOT_FOUND;
}

uint32_t yb_drg_scheme_mdc_count(const yb_drg_scheme *s) { return count(s, LV_MDC); }
uint32_t yb_drg_scheme_adrg_count(const yb_drg_scheme *s) { return count(s, LV_ADRG); }
uint32_t yb_drg_scheme_drg_count(const yb_drg_scheme *s) { return count(s, LV_DRG); }

const char *yb_drg_scheme_mdc_code(const yb_drg_scheme *s, uint32_t id) { return code_of(s, LV_MDC, id); }
const char *yb_drg_scheme_adrg_code(const yb_drg_scheme *s, uint32_t id) { return code_of(s, LV_ADRG, id); }
const char *yb_drg_scheme_drg_code(const yb_drg_scheme *s, uint32_t id) { return code_of(s, LV_DRG, id); }

const char *yb_drg_scheme_mdc_name(const yb_drg_scheme *s, uint32_t id) { return name_of(s, LV_MDC, id); }
const char *yb_drg_scheme_adrg_name(const yb_drg_scheme *s, uint32_t id) { return name_of(s, LV_ADRG, id); }
const char *yb_drg_scheme_drg_name(const yb_drg_scheme *s, uint32_t id) { return name_of(s, LV_DRG, id); }

uint32_t yb_drg_scheme_adrg_mdc(const yb_drg_scheme *s, uint32_t id) { return parent_of(s, LV_ADRG, id); }
uint32_t yb_drg_scheme_drg_adrg(const yb_drg_scheme *s, uint32_t id) { return parent_of(s, LV_DRG, id); }

int yb_drg_scheme_mdc_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, LV_MDC, code, id);
}

int yb_drg_scheme_adrg_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, LV_ADRG, code, id);
}

int yb_drg_scheme_drg_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, LV_DRG, code, id);
}

uint32_t yb_drg_scheme_ungroupable_drg(const yb_drg_scheme *s)
{
    return s ? s->ungroupable : YB_DRG_NO_ID;
}
