package org.yibao;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "tiny" drg-scheme pack of the C grouping suites
 * (tests/grouping/drg_test_pack.c, which describes every construct it holds),
 * table for table, written with its checksums for the Java tests.
 */
final class TinyDrgPack {
    private TinyDrgPack() {}

    static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("mdc", """
                mdc,order,name,gate,on_no_match,qy_adrg,qy_condition
                MDCA,1,Pre-MDC,has_procedure and principal_proc in valid_or,next,,
                MDCP,2,Newborns,principal_dx in mdc_zd and age_years == 0,,,
                MDCZ,3,Multiple trauma,principal_dx in mdc_zd and distinct_tags(any_dx in mdc_zd) >= 2,next,,
                MDCM,4,Male,principal_dx in mdc_zd and sex == 1,next,,
                MDCN,5,Female,principal_dx in mdc_zd and sex == 2,next,,
                MDCG,6,Digestive,principal_dx in mdc_zd,stop,GQY,has_principal_proc
                MDCF,7,Circulatory,principal_dx in mdc_zd,next,,
                MDCX,8,Other,principal_dx in mdc_zd,next,,
                """);
        TABLES.put("adrg", """
                adrg,mdc,order,kind,name,condition
                AA1,MDCA,1,surgical,Heart transplant,principal_proc in ss
                AB1,MDCA,2,surgical,Pancreas-kidney,any_proc in ss1 and any_proc in ss2
                PS1,MDCP,1,medical,Under 1500 g,any_dx in zd and birth_weight > 0 and birth_weight < 1500 and age_days <= 28
                PS2,MDCP,2,medical,1500 g and over,any_dx in zd and birth_weight >= 1500 and age_days <= 28
                PU1,MDCP,3,medical,Term newborn,principal_dx in zd and age_days <= 28
                ZZ1,MDCZ,1,medical,Multiple trauma,true
                MA1,MDCM,1,medical,Male,principal_dx in zd
                NA1,MDCN,1,medical,Female,principal_dx in zd
                GB1,MDCG,1,surgical,Appendectomy,principal_dx in zd and principal_proc in ss
                GC1,MDCG,2,surgical,Stomach,principal_proc in ss
                GJ1,MDCG,3,surgical,Bowel,"principal_proc in ss['big'] or (any_proc in ss['a'] and any_proc in ss['b'])"
                GK1,MDCG,4,non_or,Endoscopy,any_proc in ss
                GR1,MDCG,5,medical,Bleeding,principal_dx in zd
                GS1,MDCG,6,medical,Gastritis as secondary,secondary_dx in zd
                GQY,MDCG,7,ambiguous,Unrelated procedure,false
                FR1,MDCF,1,medical,Infarction,principal_dx in zd
                FT1,MDCF,2,medical,Hypertension,principal_dx in zd
                XR1,MDCX,1,medical,Other,true
                """);
        TABLES.put("drg", """
                drg,adrg,order,predicate,name
                AA19,AA1,1,true,
                AB19,AB1,1,true,
                PS11,PS1,1,has_mcc,
                PS15,PS1,2,true,
                PS29,PS2,1,true,
                PU19,PU1,1,true,
                ZZ19,ZZ1,1,true,
                MA19,MA1,1,true,
                NA19,NA1,1,true,
                GB11,GB1,1,has_mcc,
                GB13,GB1,2,has_cc,
                GB15,GB1,3,true,
                GC19,GC1,1,true,
                GJ19,GJ1,1,true,
                GK19,GK1,1,true,
                GR13,GR1,1,has_mcc or has_cc,
                GR15,GR1,2,true,
                GS19,GS1,1,true,
                GQY,GQY,1,true,Unrelated procedure
                FR11,FR1,1,has_mcc,With MCC
                FR13,FR1,2,has_mcc or has_cc,With CC
                FR15,FR1,3,true,Without
                FT17,FT1,1,(discharge_type == 5 or discharge_type == 2) and los_days < 5,Died or transferred early
                FT18,FT1,2,age_years >= 65,Elderly
                FT1A,FT1,3,los_days >= 30,Long stay
                FT19,FT1,4,true,
                XR19,XR1,1,true,
                """);
        TABLES.put("dx_lists", """
                list,code,tag
                MDCP.mdc_zd,P07.100,
                MDCP.mdc_zd,P59.900,
                PS1.zd,P07.100,
                PS2.zd,P07.100,
                PU1.zd,P59.900,
                MDCZ.mdc_zd,S06.000,head
                MDCZ.mdc_zd,S06.100,head
                MDCZ.mdc_zd,S27.000,chest
                MDCZ.mdc_zd,S36.000,abdomen
                MDCM.mdc_zd,N40.x00,
                MDCM.mdc_zd,Q56.000,
                MA1.zd,N40.x00,
                MA1.zd,Q56.000,
                MDCN.mdc_zd,Q56.000,
                MDCN.mdc_zd,N80.000,
                NA1.zd,Q56.000,
                NA1.zd,N80.000,
                MDCG.mdc_zd,K35.800,
                MDCG.mdc_zd,K92.200,
                MDCG.mdc_zd,K29.700,
                GB1.zd,K35.800,
                GR1.zd,K35.800,
                GR1.zd,K92.200,
                GS1.zd,K92.200,
                MDCF.mdc_zd,I21.000,
                MDCF.mdc_zd,I10.x00,
                MDCF.mdc_zd,I99.000,
                FR1.zd,I21.000,
                FT1.zd,I10.x00,
                MDCX.mdc_zd,I99.000,
                MDCX.mdc_zd,Z51.000,
                MDCX.mdc_zd,R69.x00,
                """);
        TABLES.put("proc_lists", """
                list,code,tag
                valid_or,33.5000,
                valid_or,52.8000,
                valid_or,55.6900,
                valid_or,47.0901,
                valid_or,44.4300,
                valid_or,45.7100,
                AA1.ss,33.5000,
                AB1.ss1,52.8000,
                AB1.ss2,55.6900,
                GB1.ss,47.0901,
                GC1.ss,44.4300,
                GJ1.ss,45.7100,big
                GJ1.ss,45.1300,a
                GJ1.ss,46.1000,b
                GK1.ss,45.1300,
                GK1.ss,99.2500,
                """);
        TABLES.put("cc", """
                code,level,table
                I50.900,MCC,T1
                J96.000,MCC,T2
                E11.900,CC,T1
                K29.700,CC,T3
                N18.500,CC,T2
                """);
        TABLES.put("cc_exclusion", """
                principal_code,table
                I21.000,T1
                K35.800,T3
                """);
        TABLES.put("dx_codes", """
                code,name
                P07.100,
                P59.900,
                S06.000,
                S06.100,
                S27.000,
                S36.000,
                N40.x00,
                Q56.000,
                N80.000,
                K35.800,
                K92.200,
                K29.700,
                I21.000,
                I10.x00,
                I99.000,
                Z51.000,
                R69.x00,
                I50.900,
                J96.000,
                E11.900,
                N18.500,
                R50.900,
                """);
        TABLES.put("proc_codes", """
                code,name
                33.5000,
                52.8000,
                55.6900,
                47.0901,
                44.4300,
                45.7100,
                45.1300,
                46.1000,
                99.2500,
                38.9300,
                99.0400,
                """);
        TABLES.put("dx_principal_invalid", """
                code
                R69.x00
                """);
        TABLES.put("proc_principal_invalid", """
                code
                99.0400
                """);
    }

    /** Writes the pack into {@code dir}; {@code replace} swaps tables (a null text drops one). */
    static Path write(Path dir, Map<String, String> replace, String params) {
        Map<String, String> t = new LinkedHashMap<>(TABLES);
        replace.forEach((k, v) -> {
            if (v == null) {
                t.remove(k);
            } else {
                t.put(k, v);
            }
        });
        return Packs.write(dir, t, Map.of("name", "\"Tiny\"", "version", "\"1\"", "region", "\"sample\"",
                "parameters", params == null ? "{}" : params));
    }

    static Path write(Path dir) {
        return write(dir, Map.of(), null);
    }
}
