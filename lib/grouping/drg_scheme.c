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

uint32_t yb_drg_scheme_mdc_count(const yb_drg_scheme *s)
{
    return s ? s->n_mdc : 0;
}

const char *yb_drg_scheme_mdc_code(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_mdc ? drg_str(s, s->mdcs[id].code) : NULL;
}

const char *yb_drg_scheme_mdc_name(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_mdc ? drg_str(s, s->mdcs[id].name) : NULL;
}

static int lookup(const yb_drg_scheme *s, const drg_strmap *m, const char *code, uint32_t *id)
{
    if (!s || !code || !id)
        return YB_E_INVALID_ARG;
    return drg_strmap_get(m, s->pool.p, code, strlen(code), id) ? YB_OK : YB_E_NOT_FOUND;
}

int yb_drg_scheme_mdc_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, s ? &s->mdc_map : NULL, code, id);
}

uint32_t yb_drg_scheme_adrg_count(const yb_drg_scheme *s)
{
    return s ? s->n_adrg : 0;
}

const char *yb_drg_scheme_adrg_code(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_adrg ? drg_str(s, s->adrgs[id].code) : NULL;
}

const char *yb_drg_scheme_adrg_name(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_adrg ? drg_str(s, s->adrgs[id].name) : NULL;
}

uint32_t yb_drg_scheme_adrg_mdc(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_adrg ? s->adrgs[id].mdc : YB_DRG_NO_ID;
}

int yb_drg_scheme_adrg_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, s ? &s->adrg_map : NULL, code, id);
}

uint32_t yb_drg_scheme_drg_count(const yb_drg_scheme *s)
{
    return s ? s->n_drg : 0;
}

const char *yb_drg_scheme_drg_code(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_drg ? drg_str(s, s->drgs[id].code) : NULL;
}

const char *yb_drg_scheme_drg_name(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_drg ? drg_str(s, s->drgs[id].name) : NULL;
}

uint32_t yb_drg_scheme_drg_adrg(const yb_drg_scheme *s, uint32_t id)
{
    return s && id < s->n_drg ? s->drgs[id].adrg : YB_DRG_NO_ID;
}

int yb_drg_scheme_drg_lookup(const yb_drg_scheme *s, const char *code, uint32_t *id)
{
    return lookup(s, s ? &s->drg_map : NULL, code, id);
}

uint32_t yb_drg_scheme_ungroupable_drg(const yb_drg_scheme *s)
{
    return s ? s->ungroupable : YB_DRG_NO_ID;
}
