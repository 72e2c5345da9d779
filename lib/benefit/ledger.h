/* Internal layout of the member ledger: member records (the annual
 * accumulators, 104 bytes each), the journal of settled claims in settlement
 * order, and the records saved when a claim rolled its member into a new year
 * (so a reversal restores the old year exactly). */
#ifndef YB_BENEFIT_LEDGER_H
#define YB_BENEFIT_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/benefit.h>

#include "core/ctx_internal.h"
#include "idmap.h"

/* A member's accumulators. The id must stay the first field (idmap). */
typedef struct bl_member {
    uint64_t id;
    int16_t year;         /* 0 = no claim yet */
    uint16_t admissions;
    uint32_t refs;        /* journal entries naming this member (as patient or payer) */
    int64_t ded_used;     /* inpatient deductible paid */
    int64_t op_ded_used;  /* outpatient deductible consumed */
    int64_t fund_paid;    /* pooled fund paid */
    int64_t cap_used;     /* pooled fund counted toward the annual cap */
    int64_t op_paid;      /* outpatient pooled fund paid */
    int64_t elig_cum;     /* in-scope amount above deductibles */
    int64_t ci_cum;       /* amount counted toward critical illness */
    int64_t ci_paid;
    int64_t as_cum;       /* residual counted toward the assistance threshold */
    int64_t as_paid;
    int64_t balance;      /* personal account */
} bl_member;

_Static_assert(sizeof(bl_member) == 104, "member record must stay at 104 bytes");

/* Entry flags. */
#define BL_USE_ACCOUNT 0x01
#define BL_CIVIL 0x02
#define BL_ROLLED 0x04        /* rolled a member with an earlier year: a saved record exists */
#define BL_ROLLED_BLANK 0x08  /* rolled a member that had no year yet */
#define BL_CAP_COUNTED 0x10   /* the pooled fund counted toward the annual cap */

/* Line classification of a claim: what replays reuse. */
typedef struct bc_summary {
    int64_t total, full_self, over_limit, b_first, in_scope;
} bc_summary;

/* What a settlement paid and the accumulator changes not implied by it
 * (the cap share is a flag, the eligible amount is in-scope − deductible). */
typedef struct bc_paid {
    int64_t deductible, pooled, ci, other, assist, account, family;
    int64_t d_ci_cum, d_as_cum;
} bc_paid;

/* A settled claim. The claim id must stay the first field (idmap). */
typedef struct bl_entry {
    uint64_t claim_id;
    uint64_t member_id;
    uint64_t payer_id;    /* 0 none */
    int32_t date;         /* YYYYMMDD */
    int8_t insured, level, place, visit, category;
    uint8_t flags;
    uint16_t admission;
    bc_summary sum;       /* total is kept too: it is checked on load */
    bc_paid paid;
} bl_entry;

typedef struct bl_saved {
    uint64_t claim_id;    /* the claim that rolled the member over */
    bl_member rec;        /* the member's record before the rollover */
} bl_saved;

/* A changed settlement of the last replay. */
typedef struct bl_change {
    bl_entry before, after;
} bl_change;

struct yb_benefit_ledger {
    yb_mem mem;
    bl_member *recs;
    size_t nrecs, caprecs;
    idmap rec_ix;
    bl_entry *jr;
    size_t njr, capjr;
    idmap jr_ix;
    bl_saved *saved;
    size_t nsaved, capsaved;
    idmap saved_ix;
    bl_change *changes;
    size_t nchanges, capchanges;
};

static inline idmap_view bl_rec_view(const yb_benefit_ledger *l) { return (idmap_view){ l->recs, sizeof *l->recs }; }
static inline idmap_view bl_jr_view(const yb_benefit_ledger *l) { return (idmap_view){ l->jr, sizeof *l->jr }; }
static inline idmap_view bl_saved_view(const yb_benefit_ledger *l) { return (idmap_view){ l->saved, sizeof *l->saved }; }

static inline bl_member *bl_find(const yb_benefit_ledger *l, uint64_t id)
{
    uint32_t pos = idmap_find(&l->rec_ix, bl_rec_view(l), id);
    return pos == IDMAP_NONE ? NULL : &l->recs[pos];
}

/* A record with no state at all: not saved, not counted. */
int bl_blank(const bl_member *m);

/* Room for `more` new members, journal entries and saved records (all
 * allocation happens here, before any change). */
int bl_reserve_more(yb_ctx *ctx, yb_benefit_ledger *l, size_t members, size_t entries, size_t saved);
/* The member's record, added blank when new (room must be reserved). */
bl_member *bl_get_or_add(yb_benefit_ledger *l, uint64_t id);
/* Adds a saved record (room reserved) / removes the one of a claim. */
void bl_saved_add(yb_benefit_ledger *l, uint64_t claim_id, const bl_member *rec);
const bl_saved *bl_saved_find(const yb_benefit_ledger *l, uint64_t claim_id);
void bl_saved_remove(yb_benefit_ledger *l, uint64_t claim_id);
/* Removes journal entry pos (shifting later ones down). */
void bl_journal_remove(yb_benefit_ledger *l, size_t pos);
/* Rebuilds the three indexes and the refs counts from the arrays. */
int bl_rebuild(yb_ctx *ctx, yb_benefit_ledger *l);

/* Adds (sign +1) or removes (sign −1) a settlement's effect on its member and
 * payer records. Returns YB_E_OVERFLOW (nothing changed) if a sum would not fit. */
int bl_apply(bl_member *m, bl_member *payer, const bl_entry *e, int sign);
/* Makes m the record of `year` (the rollover): accumulators zero, balance kept. */
void bl_rollover(bl_member *m, int year);
/* Undoes the rollover recorded in e on m, from the saved record when BL_ROLLED. */
void bl_unroll(bl_member *m, const bl_entry *e, const bl_saved *saved);

#endif /* YB_BENEFIT_LEDGER_H */
