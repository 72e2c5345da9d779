/* The "tiny" drg-scheme pack: a hand-made scheme small enough to reason about
 * case by case, with one instance of every construct of the format:
 *
 *  MDCA  gate: a principal procedure in valid_or; next
 *        AA1 principal procedure in a list; AB1 two procedures from two lists
 *  MDCP  gate: principal in the MDC list and age 0 years; next
 *        PS1 / PS2 newborn weight bands (any diagnosis), PU1 principal diagnosis, all <= 28 days
 *  MDCZ  gate: principal in the MDC list and >= 2 distinct body regions (tags); next
 *  MDCM  gate: principal in the list and sex 1; MDCN: sex 2 (Q56.000 is in both)
 *  MDCG  gate: principal in the list; stop; ambiguous group GQY when a medical ADRG
 *        is chosen while there is a principal procedure
 *        GB1 diagnosis + procedure, GC1 principal procedure, GJ1 tag combination,
 *        GK1 any procedure (non-OR), GR1 principal diagnosis, GS1 secondary diagnosis
 *  MDCF  gate: principal in the list; next (I99.000 is also in MDCX)
 *        FR1 with MCC/CC splits; FT1 with local splits by discharge/stay, age, stay
 *  MDCX  gate: principal in the list; XR1 always
 *  MCC/CC: I50.900 MCC T1, J96.000 MCC T2, E11.900 CC T1, K29.700 CC T3, N18.500 CC T2;
 *  exclusion: I21.000 cancels T1, K35.800 cancels T3.
 *  Closed dictionaries (dx_codes, proc_codes); R69.x00 not allowed as principal;
 *  99.0400 not valid as principal procedure. */
#include <stdlib.h>

#include "core/sha256.h"

#include "drg_test_pack.h"

typedef struct table {
    const char *name, *text;
} table;

static const table tiny[] = {
    { "mdc",
      "mdc,order,name,gate,on_no_match,qy_adrg,qy_condition\n"
      "MDCA,1,Pre-MDC,has_procedure and principal_proc in valid_or,next,,\n"
      "MDCP,2,Newborns,principal_dx in mdc_zd and age_years == 0,,,\n"
      "MDCZ,3,Multiple trauma,principal_dx in mdc_zd and distinct_tags(any_dx in mdc_zd) >= 2,next,,\n"
      "MDCM,4,Male,principal_dx in mdc_zd and sex == 1,next,,\n"
      "MDCN,5,Female,principal_dx in mdc_zd and sex == 2,next,,\n"
      "MDCG,6,Digestive,principal_dx in mdc_zd,stop,GQY,has_principal_proc\n"
      "MDCF,7,Circulatory,principal_dx in mdc_zd,next,,\n"
      "MDCX,8,Other,principal_dx in mdc_zd,next,,\n" },
    { "adrg",
      "adrg,mdc,order,kind,name,condition\n"
      "AA1,MDCA,1,surgical,Heart transplant,principal_proc in ss\n"
      "AB1,MDCA,2,surgical,Pancreas-kidney,any_proc in ss1 and any_proc in ss2\n"
      "PS1,MDCP,1,medical,Under 1500 g,any_dx in zd and birth_weight > 0 and birth_weight < 1500 and age_days <= 28\n"
      "PS2,MDCP,2,medical,1500 g and over,any_dx in zd and birth_weight >= 1500 and age_days <= 28\n"
      "PU1,MDCP,3,medical,Term newborn,principal_dx in zd and age_days <= 28\n"
      "ZZ1,MDCZ,1,medical,Multiple trauma,true\n"
      "MA1,MDCM,1,medical,Male,principal_dx in zd\n"
      "NA1,MDCN,1,medical,Female,principal_dx in zd\n"
      "GB1,MDCG,1,surgical,Appendectomy,principal_dx in zd and principal_proc in ss\n"
      "GC1,MDCG,2,surgical,Stomach,principal_proc in ss\n"
      "GJ1,MDCG,3,surgical,Bowel,\"principal_proc in ss['big'] or (any_proc in ss['a'] and any_proc in ss['b'])\"\n"
      "GK1,MDCG,4,non_or,Endoscopy,any_proc in ss\n"
      "GR1,MDCG,5,medical,Bleeding,principal_dx in zd\n"
      "GS1,MDCG,6,medical,Gastritis as secondary,secondary_dx in zd\n"
      "GQY,MDCG,7,ambiguous,Unrelated procedure,false\n"
      "FR1,MDCF,1,medical,Infarction,principal_dx in zd\n"
      "FT1,MDCF,2,medical,Hypertension,principal_dx in zd\n"
      "XR1,MDCX,1,medical,Other,true\n" },
    { "drg",
      "drg,adrg,order,predicate,name\n"
      "AA19,AA1,1,true,\nAB19,AB1,1,true,\n"
      "PS11,PS1,1,has_mcc,\nPS15,PS1,2,true,\nPS29,PS2,1,true,\nPU19,PU1,1,true,\n"
      "ZZ19,ZZ1,1,true,\nMA19,MA1,1,true,\nNA19,NA1,1,true,\n"
      "GB11,GB1,1,has_mcc,\nGB13,GB1,2,has_cc,\nGB15,GB1,3,true,\n"
      "GC19,GC1,1,true,\nGJ19,GJ1,1,true,\nGK19,GK1,1,true,\n"
      "GR13,GR1,1,has_mcc or has_cc,\nGR15,GR1,2,true,\nGS19,GS1,1,true,\nGQY,GQY,1,true,Unrelated procedure\n"
      "FR11,FR1,1,has_mcc,With MCC\nFR13,FR1,2,has_mcc or has_cc,With CC\nFR15,FR1,3,true,Without\n"
      "FT17,FT1,1,(discharge_type == 5 or discharge_type == 2) and los_days < 5,Died or transferred early\n"
      "FT18,FT1,2,age_years >= 65,Elderly\n"
      "FT1A,FT1,3,los_days >= 30,Long stay\n"
      "FT19,FT1,4,true,\n"
      "XR19,XR1,1,true,\n" },
    { "dx_lists",
      "list,code,tag\n"
      "MDCP.mdc_zd,P07.100,\nMDCP.mdc_zd,P59.900,\nPS1.zd,P07.100,\nPS2.zd,P07.100,\nPU1.zd,P59.900,\n"
      "MDCZ.mdc_zd,S06.000,head\nMDCZ.mdc_zd,S06.100,head\nMDCZ.mdc_zd,S27.000,chest\nMDCZ.mdc_zd,S36.000,abdomen\n"
      "MDCM.mdc_zd,N40.x00,\nMDCM.mdc_zd,Q56.000,\nMA1.zd,N40.x00,\nMA1.zd,Q56.000,\n"
      "MDCN.mdc_zd,Q56.000,\nMDCN.mdc_zd,N80.000,\nNA1.zd,Q56.000,\nNA1.zd,N80.000,\n"
      "MDCG.mdc_zd,K35.800,\nMDCG.mdc_zd,K92.200,\nMDCG.mdc_zd,K29.700,\n"
      "GB1.zd,K35.800,\nGR1.zd,K35.800,\nGR1.zd,K92.200,\nGS1.zd,K92.200,\n"
      "MDCF.mdc_zd,I21.000,\nMDCF.mdc_zd,I10.x00,\nMDCF.mdc_zd,I99.000,\nFR1.zd,I21.000,\nFT1.zd,I10.x00,\n"
      "MDCX.mdc_zd,I99.000,\nMDCX.mdc_zd,Z51.000,\nMDCX.mdc_zd,R69.x00,\n" },
    { "proc_lists",
      "list,code,tag\n"
      "valid_or,33.5000,\nvalid_or,52.8000,\nvalid_or,55.6900,\nvalid_or,47.0901,\nvalid_or,44.4300,\n"
      "valid_or,45.7100,\n"
      "AA1.ss,33.5000,\nAB1.ss1,52.8000,\nAB1.ss2,55.6900,\n"
      "GB1.ss,47.0901,\nGC1.ss,44.4300,\n"
      "GJ1.ss,45.7100,big\nGJ1.ss,45.1300,a\nGJ1.ss,46.1000,b\n"
      "GK1.ss,45.1300,\nGK1.ss,99.2500,\n" },
    { "cc",
      "code,level,table\nI50.900,MCC,T1\nJ96.000,MCC,T2\nE11.900,CC,T1\nK29.700,CC,T3\nN18.500,CC,T2\n" },
    { "cc_exclusion", "principal_code,table\nI21.000,T1\nK35.800,T3\n" },
    { "dx_codes",
      "code,name\nP07.100,\nP59.900,\nS06.000,\nS06.100,\nS27.000,\nS36.000,\nN40.x00,\nQ56.000,\nN80.000,\n"
      "K35.800,\nK92.200,\nK29.700,\nI21.000,\nI10.x00,\nI99.000,\nZ51.000,\nR69.x00,\nI50.900,\nJ96.000,\n"
      "E11.900,\nN18.500,\nR50.900,\n" },
    { "proc_codes",
      "code,name\n33.5000,\n52.8000,\n55.6900,\n47.0901,\n44.4300,\n45.7100,\n45.1300,\n46.1000,\n99.2500,\n"
      "38.9300,\n99.0400,\n" },
    { "dx_principal_invalid", "code\nR69.x00\n" },
    { "proc_principal_invalid", "code\n99.0400\n" },
};

const char *drg_tiny_table(const char *name)
{
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++)
        if (strcmp(tiny[i].name, name) == 0)
            return tiny[i].text;
    return NULL;
}

const char *drg_tiny_pack(const char *tag, const char *table_name, const char *text, const char *params)
{
    static char dir[512];
    snprintf(dir, sizeof dir, "%s", yb_test_tmpdir(tag));
    size_t cap = 8192, used = 0;
    char *json = malloc(cap);
    assert_non_null(json);
    used += (size_t)snprintf(json + used, cap - used,
                             "{\"format\": \"yibao-pack/1\", \"kind\": \"drg-scheme\", \"name\": \"Tiny\", "
                             "\"version\": \"1\", \"region\": \"sample\", \"tables\": {");
    int first = 1;
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++) {
        const char *t = tiny[i].text;
        if (table_name && strcmp(table_name, tiny[i].name) == 0) {
            if (!text)
                continue;
            t = text;
        }
        char path[600], hex[65];
        snprintf(path, sizeof path, "%s/%s.csv", dir, tiny[i].name);
        yb_test_write_text(path, t);
        yb_sha256_hex(t, strlen(t), hex);
        used += (size_t)snprintf(json + used, cap - used, "%s\"%s\": {\"file\": \"%s.csv\", \"checksum\": \"sha256:%s\"}",
                                 first ? "" : ", ", tiny[i].name, tiny[i].name, hex);
        first = 0;
    }
    /* a table that is not part of the tiny pack (to test unknown tables) */
    if (table_name && text && !drg_tiny_table(table_name)) {
        char path[600], hex[65];
        snprintf(path, sizeof path, "%s/%s.csv", dir, table_name);
        yb_test_write_text(path, text);
        yb_sha256_hex(text, strlen(text), hex);
        used += (size_t)snprintf(json + used, cap - used, ", \"%s\": {\"file\": \"%s.csv\", \"checksum\": \"sha256:%s\"}",
                                 table_name, table_name, hex);
    }
    snprintf(json + used, cap - used, "}, \"parameters\": %s}\n", params ? params : "{}");
    char mpath[600];
    snprintf(mpath, sizeof mpath, "%s/pack.json", dir);
    yb_test_write_text(mpath, json);
    free(json);
    return dir;
}

/* Splits a '|' list into pointers into buf. */
static size_t split(const char *text, char *buf, size_t cap, const char **items, size_t max)
{
    size_t n = 0;
    snprintf(buf, cap, "%s", text ? text : "");
    if (!*buf)
        return 0;
    char *p = buf;
    while (n < max) {
        items[n++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    return n;
}

int drg_group(yb_ctx *ctx, const yb_drg_scheme *s, const drg_tcase *t, yb_drg_result *r)
{
    char dbuf[1024], pbuf[1024];
    const char *dx[80], *pr[80];
    size_t nd = split(t->dx, dbuf, sizeof dbuf, dx, 80), np = split(t->proc, pbuf, sizeof pbuf, pr, 80);
    yb_drg_case c = { .size = sizeof c, .sex = t->sex, .age_years = t->age, .age_days = t->age_days,
                      .birth_weight_g = t->weight, .los_days = t->los, .discharge_type = t->discharge,
                      .vent_hours = -1, .icu_days = -1, .principal_dx = nd ? dx[0] : NULL,
                      .secondary_dx = nd > 1 ? dx + 1 : NULL, .n_secondary = nd > 1 ? nd - 1 : 0,
                      .procedures = np ? pr : NULL, .n_procedures = np };
    memset(r, 0, sizeof *r);
    r->size = sizeof *r;
    return yb_drg_group_one(ctx, s, &c, r);
}

const char *drg_code_mdc(const yb_drg_scheme *s, uint32_t id)
{
    return id == YB_DRG_NO_ID ? "-" : yb_drg_scheme_mdc_code(s, id);
}

const char *drg_code_adrg(const yb_drg_scheme *s, uint32_t id)
{
    return id == YB_DRG_NO_ID ? "-" : yb_drg_scheme_adrg_code(s, id);
}

const char *drg_code_drg(const yb_drg_scheme *s, uint32_t id)
{
    return id == YB_DRG_NO_ID ? "-" : yb_drg_scheme_drg_code(s, id);
}
