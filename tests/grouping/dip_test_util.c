#include <stdlib.h>

#include "dip_test_util.h"

#include "core/sha256.h"

const char *dip_test_pack(const char *tag, const dip_test_table *tables, size_t n, const char *params,
                          const char *base)
{
    const char *dir = yb_test_tmpdir(tag);
    static char dirs[8][4096];
    static int next;
    char *out = dirs[next++ % 8];
    snprintf(out, sizeof dirs[0], "%s", dir);
    size_t cap = 8192;
    for (size_t i = 0; i < n; i++)
        cap += 256;
    if (params)
        cap += strlen(params);
    if (base)
        cap += strlen(base);
    char *json = malloc(cap);
    assert_non_null(json);
    size_t used = (size_t)snprintf(json, cap,
                                   "{\"format\":\"yibao-pack/1\",\"kind\":\"dip-catalog\",\"name\":\"DIP-test\","
                                   "\"version\":\"1\",\"region\":\"sample\",\"tables\":{");
    for (size_t i = 0; i < n; i++) {
        char path[4300], hex[65];
        snprintf(path, sizeof path, "%s/%s.csv", out, tables[i].name);
        yb_test_write_text(path, tables[i].text);
        yb_sha256_hex(tables[i].text, strlen(tables[i].text), hex);
        used += (size_t)snprintf(json + used, cap - used, "%s\"%s\":{\"file\":\"%s.csv\",\"checksum\":\"sha256:%s\"%s%s%s}",
                                 i ? "," : "", tables[i].name, tables[i].name, hex,
                                 tables[i].mode ? ",\"mode\":\"" : "", tables[i].mode ? tables[i].mode : "",
                                 tables[i].mode ? "\"" : "");
    }
    used += (size_t)snprintf(json + used, cap - used, "}");
    if (params)
        used += (size_t)snprintf(json + used, cap - used, ",\"parameters\":%s", params);
    if (base)
        used += (size_t)snprintf(json + used, cap - used, ",\"base\":%s", base);
    snprintf(json + used, cap - used, "}");
    char path[4300];
    snprintf(path, sizeof path, "%s/pack.json", out);
    yb_test_write_text(path, json);
    free(json);
    return out;
}

/* ------------------------------------------------------------------------------------------------
 * The small catalogue. Procedure codes are made up (chapters chosen to read well in the tests);
 * diagnosis codes are real 医保版 ICD-10 codes. */
static const char *const PROC_CODES =
    "code,name,attribute\n"
    "01.0001,transplant,surgery\n"
    "02.0001,ECMO,therapeutic\n"
    "02.0002,ventilation >= 96 h,therapeutic\n"
    "02.0003,CRRT,therapeutic\n"
    "10.0001,stent,surgery\n"
    "10.0002,balloon,surgery\n"
    "20.0001,IVUS,diagnostic\n"
    "20.0002,OCT,diagnostic\n"
    "20.0003,FFR,diagnostic\n"
    "30.0001,appendectomy,surgery\n"
    "30.0002,laparoscopic appendectomy,surgery\n"
    "40.0001,chemotherapy,therapeutic\n"
    "40.0002,targeted therapy,therapeutic\n"
    "50.0001,debridement,surgery\n"
    "60.0001,robot assistance,surgery\n"
    "60.0002,gastroscopy,diagnostic\n"
    "70.0001,therapeutic ultrasound,therapeutic\n"
    "80.0001,biopsy,diagnostic\n"
    "81.0001,injection,therapeutic\n";

static const char *const DX_CODES =
    "code,name\n"
    "I20.000,unstable angina\n"
    "K35.800,acute appendicitis\n"
    "K35.800x001,acute appendicitis (extension)\n"
    "K35.300,appendicitis with peritonitis\n"
    "K25.900,gastric ulcer\n"
    "J18.000,bronchopneumonia\n"
    "J18.100,lobar pneumonia\n"
    "J18.900,pneumonia\n"
    "A15.000,pulmonary tuberculosis\n"
    "A15.000x010,pulmonary tuberculosis (resistant)\n"
    "U84.300,resistance to tuberculostatics\n"
    "Z51.101,preoperative chemotherapy\n"
    "C34.100,upper lobe lung cancer\n"
    "C78.000,secondary lung cancer\n"
    "C77.000,secondary lymph node cancer\n"
    "P07.100,other low birth weight\n"
    "T20.200,second degree burn of head\n"
    "T31.100,burns of 10-19% of body surface\n"
    "T31.300,burns of 30-39% of body surface\n"
    "E11.200,type 2 diabetes with renal complications\n"
    "E11.900,type 2 diabetes\n"
    "I21.000,acute myocardial infarction\n"
    "K70.300,alcoholic cirrhosis\n"
    "K72.100,chronic hepatic failure\n"
    "R57.000,cardiogenic shock\n"
    "Z00.000,general examination\n"
    "N39.000,urinary tract infection\n";

const char *const dip_test_small_groups =
    "code,kind,seq,name,primary_care,active\n"
    "XQ1,pre,1,transplant,0,1\n"
    "XQ2,pre,2,ECMO,0,1\n"
    "XQ3,pre,3,ventilation and CRRT,0,1\n"
    "XQ4,pre,4,ventilation,0,1\n"
    "XQ5,pre,5,birth weight 1000-1499 g,0,1\n"
    "BX1,merged,,angina: stent or balloon,0,1\n"
    "BX2,merged,,angina: stent or balloon + IVUS or OCT,0,1\n"
    "BX3,merged,,angina: stent + (IVUS or OCT) + FFR,0,1\n"
    "FZ1,refined,,burn 10-29%: conservative,0,1\n"
    "FZ2,refined,,burn 10-29%: debridement,0,1\n"
    "FZ3,refined,,chemotherapy: solid tumour,0,1\n"
    "FZ4,refined,,chemotherapy + targeted: solid tumour,0,1\n"
    "FZ5,refined,,tuberculosis: resistant,0,1\n"
    "FZ6,refined,,tuberculosis: not resistant,0,1\n"
    "JC1,core,,appendicitis (K35): laparoscopic appendectomy,0,1\n"
    "JC2,core,,acute appendicitis (K35.8): laparoscopic appendectomy,1,1\n"
    "JC3,core,,pneumonia (J18): conservative,0,1\n"
    "JC4,core,,pneumonia (J18.9): conservative,1,1\n"
    "JC5,core,,bronchopneumonia (J18.0): conservative,0,0\n"
    "JC6,core,,gastric ulcer: gastroscopy,0,1\n"
    "ZH1,comprehensive,,N39: conservative,0,1\n"
    "ZH2,comprehensive,,N39: surgery,0,1\n"
    "ZH3,comprehensive,,N39: diagnostic,0,1\n";

const char *const dip_test_small_rules =
    "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,attribute\n"
    "XQ1,,,,,,01.0001,,,,,,\n"
    "XQ2,,,,,,,02.0001,,,,,\n"
    "XQ3,,,,,,,02.0002+02.0003,,,,,\n"
    "XQ4,,,,,,,02.0002,,,,,\n"
    "XQ5,,,P07,,,,,,28,1000,1499,\n"
    "BX1,I20,,,,,10.0001|10.0002,,,,,,\n"
    "BX2,I20,,,,,10.0001|10.0002,,20.0001|20.0002,,,,\n"
    "BX3,I20,,,,,10.0001,,20.0001|20.0002+20.0003,,,,\n"
    "FZ1,T20.2,T31.1|T32.1,,,,-,,,,,,\n"
    "FZ2,T20.2,T31.1|T32.1,,,,50.0001,,,,,,\n"
    "FZ3,Z51.1,C00-C75,,,,,40.0001,,,,,\n"
    "FZ4,Z51.1,C00-C75,,,,,40.0001+40.0002,,,,,\n"
    "FZ5,A15.000x010,,,,,-,,,,,,\n"
    "FZ5,A15-A16,U84.300,,,,-,,,,,,\n"
    "FZ6,A15-A16,,,A15.000x010,U84.300,-,,,,,,\n"
    "JC1,K35,,,,,30.0002,,,,,,\n"
    "JC2,K35.8,,,,,30.0002,,,,,,\n"
    "JC3,J18,,,,,-,,,,,,\n"
    "JC4,J18.9,,,,,-,,,,,,\n"
    "JC5,J18.0,,,,,-,,,,,,\n"
    "JC6,K25,,,,,60.0002,,,,,,\n"
    "ZH1,N39,,,,,,,,,,,conservative\n"
    "ZH2,N39,,,,,,,,,,,surgery\n"
    "ZH3,N39,,,,,,,,,,,diagnostic\n";

static const char *const EXCLUDED_DX = "code,name\nZ00.000,general examination\n";
static const char *const EXCLUDED_PROC =
    "code,name,policy,principal_if_dx\n"
    "70.0001,therapeutic ultrasound,conservative,\n"
    "60.0001,robot assistance,not_principal,\n"
    "60.0002,gastroscopy,not_principal,K20-K93\n";

static const char *const CCI =
    "dx,condition,weight,supersedes\n"
    "I21,myocardial_infarction,1,\n"
    "E11.9,diabetes,1,\n"
    "E11.2,diabetes_complicated,2,diabetes\n"
    "C00-C75,malignancy,2,\n"
    "C77-C80,metastatic_tumour,6,malignancy\n"
    "K70.3,mild_liver,1,\n"
    "K72.1,severe_liver,3,mild_liver\n";

static const char *const SEVERITY = "dx,level\nR57,severe\n";

static const char *const SUBTYPES =
    "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,coefficient\n"
    "CCI-1,JC3,cci,CCI 1-2,,,,1,2,,,,,,1.100000\n"
    "CCI-2,JC3,cci,CCI 3 and more,,,,3,,,,,,,1.250000\n"
    "AGE-65,JC3,age,65 and older,,,,,,,65y,,,,1.150000\n"
    "NEONATE,JC3,age,0-28 days,,,,,,,0d,28d,,,1.400000\n"
    "ICU-1,JC3,icu,ICU 1-3 days,,,,,,,,,1,3,1.200000\n"
    "SEV-SEVERE,JC3,severity,severe,,,,,,severe,,,,,1.220000\n"
    "DEATH,*,severity,death,,,,,,death,,,,,1.300000\n"
    "TEMPLATE,*,cci,no coefficient: never applied,,,,1,,,,,,,\n";

const char *dip_test_small_pack_with(const char *tag, const char *table, const char *text, const char *extra_params)
{
    dip_test_table t[10] = {
        { "proc_codes", PROC_CODES, NULL }, { "dx_codes", DX_CODES, NULL },
        { "groups", dip_test_small_groups, NULL }, { "rules", dip_test_small_rules, NULL },
        { "excluded_dx", EXCLUDED_DX, NULL }, { "excluded_proc", EXCLUDED_PROC, NULL },
        { "cci", CCI, NULL }, { "severity", SEVERITY, NULL }, { "subtypes", SUBTYPES, NULL },
    };
    size_t n = 9;
    if (table) {
        size_t i = 0;
        while (i < n && strcmp(t[i].name, table) != 0)
            i++;
        if (i == n)
            n++;
        t[i].name = table;
        t[i].text = text;
        t[i].mode = NULL;
        if (!text) { /* remove the table */
            for (size_t k = i; k + 1 < n; k++)
                t[k] = t[k + 1];
            n--;
        }
    }
    char params[2048];
    snprintf(params, sizeof params, "{\"ventilation\":{\"code\":\"02.0002\",\"min_hours\":96}%s%s}",
             extra_params ? "," : "", extra_params ? extra_params : "");
    return dip_test_pack(tag, t, n, params, NULL);
}

const char *dip_test_small_pack(const char *tag, const char *extra_params)
{
    return dip_test_small_pack_with(tag, NULL, NULL, extra_params);
}

yb_dip_case dip_test_case(const char *dx, const char *procs)
{
    yb_dip_case c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    c.sex = 1;
    c.age_years = 40;
    c.age_days = -1;
    c.birth_weight_g = -1;
    c.los_days = 5;
    c.discharge_type = 1;
    c.vent_hours = -1;
    c.icu_days = -1;
    c.diagnoses = dx;
    c.procedures = procs;
    return c;
}
