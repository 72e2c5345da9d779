/* Text rendering of explanation steps: one line per step, amounts in yuan,
 * ratios in percent, Chinese terms in brackets. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yibao/benefit.h>
#include <yibao/money.h>
#include <yibao/status.h>

typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void emit(out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void emit(out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
    if (o->buf && o->cap && o->len < o->cap - 1) {
        size_t room = o->cap - 1 - o->len;
        memcpy(o->buf + o->len, tmp, len < room ? len : room);
    }
    o->len += len;
}

typedef struct num {
    char s[40];
} num;

static num yuan(int64_t fen)
{
    num n;
    if (fen == INT64_MAX)
        snprintf(n.s, sizeof n.s, "∞");
    else
        yb_decimal_format(fen, 2, n.s, sizeof n.s);
    return n;
}

static num pct(int64_t ratio)
{
    num n;
    yb_decimal_format(ratio, 4, n.s, sizeof n.s); /* ratio × 100 with 4 decimals */
    char *dot = strchr(n.s, '.');
    if (dot) {
        char *e = n.s + strlen(n.s) - 1;
        while (e > dot && *e == '0')
            *e-- = '\0';
        if (e == dot)
            *e = '\0';
    }
    strcat(n.s, "%");
    return n;
}

static void room(out *o, const yb_benefit_step *s, const char *what)
{
    if (s->has_limit)
        emit(o, " (%s %s)", what, yuan(s->limit).s);
    else
        emit(o, " (no cap)");
}

static void one(out *o, const yb_benefit_step *s)
{
    switch (s->kind) {
    case YB_STEP_ROLLOVER:
        emit(o, "year %d: the annual accumulators start from zero; the account balance carries over", s->index);
        break;
    case YB_STEP_TOTAL: emit(o, "total (医疗费总额) of %d lines: %s", s->index, yuan(s->amount).s); break;
    case YB_STEP_FULL_SELF_PAY:
        emit(o, "full self-pay (全自费: class C, out of catalogue): %s", yuan(s->amount).s);
        break;
    case YB_STEP_OVER_LIMIT: emit(o, "over the price limits (超限价自费): %s", yuan(s->amount).s); break;
    case YB_STEP_B_FIRST_PAY: emit(o, "class-B first pay (先行自付): %s", yuan(s->amount).s); break;
    case YB_STEP_IN_SCOPE: emit(o, "in scope (符合政策范围): %s", yuan(s->amount).s); break;
    case YB_STEP_DEDUCTIBLE:
        if (s->index)
            emit(o, "deductible (起付线), admission %d: %s × %s, ", s->index, yuan(s->base).s, pct(s->ratio).s);
        else
            emit(o, "outpatient deductible (门诊起付线) %s a year, ", yuan(s->base).s);
        emit(o, "applied %s", yuan(s->amount).s);
        if (s->has_limit)
            emit(o, " (room left %s)", yuan(s->limit).s);
        break;
    case YB_STEP_POOLED_SEGMENT:
        emit(o, "pooled fund segment %d [%s, %s): %s × %s = %s", s->index, yuan(s->from).s, yuan(s->to).s,
             yuan(s->base).s, pct(s->ratio).s, yuan(s->amount).s);
        break;
    case YB_STEP_POOLED:
        emit(o, "pooled fund (统筹基金) on %s above the deductible: pays %s", yuan(s->base).s, yuan(s->amount).s);
        room(o, s, "annual cap room");
        break;
    case YB_STEP_CI_COUNTED:
        emit(o, "critical illness (大病保险) counts %s: cumulative %s → %s", yuan(s->base).s, yuan(s->from).s,
             yuan(s->to).s);
        break;
    case YB_STEP_CI_THRESHOLD:
        emit(o, "critical-illness threshold %s × %s = %s", yuan(s->base).s, pct(s->ratio).s, yuan(s->amount).s);
        break;
    case YB_STEP_CI_BAND:
        emit(o, "critical-illness band %d, cumulative [%s, %s): %s × %s = %s", s->index, yuan(s->from).s,
             yuan(s->to).s, yuan(s->base).s, pct(s->ratio).s, yuan(s->amount).s);
        break;
    case YB_STEP_CRITICAL_ILLNESS:
        emit(o, "critical illness pays %s", yuan(s->amount).s);
        room(o, s, "cap room");
        break;
    case YB_STEP_OTHER:
        emit(o, "other funds (公务员医疗补助): %s × %s = %s", yuan(s->base).s, pct(s->ratio).s, yuan(s->amount).s);
        break;
    case YB_STEP_ASSIST_ELIGIBLE:
        emit(o, "medical assistance (医疗救助) category %d counts %s: cumulative %s → %s, threshold %s, above it %s",
             s->index, yuan(s->base).s, yuan(s->from).s, yuan(s->to).s, yuan(s->limit).s, yuan(s->amount).s);
        break;
    case YB_STEP_ASSISTANCE:
        emit(o, "medical assistance pays %s × %s → %s", yuan(s->base).s, pct(s->ratio).s, yuan(s->amount).s);
        room(o, s, "annual cap room");
        break;
    case YB_STEP_ACCOUNT:
        emit(o, "personal account (个人账户) may pay %s, balance %s: pays %s", yuan(s->base).s, yuan(s->limit).s,
             yuan(s->amount).s);
        break;
    case YB_STEP_FAMILY_AID:
        emit(o, "family mutual aid (家庭共济) for %s, payer's balance %s: pays %s", yuan(s->base).s,
             yuan(s->limit).s, yuan(s->amount).s);
        break;
    case YB_STEP_CASH:
        emit(o, "personal part (个人负担) %s, cash (现金支付) %s", yuan(s->base).s, yuan(s->amount).s);
        break;
    default: emit(o, "step of unknown kind %d", s->kind); break;
    }
    emit(o, "\n");
}

int64_t yb_benefit_explain(const yb_benefit_step *steps, size_t n, char *buf, size_t cap)
{
    if ((n && !steps) || (cap && !buf))
        return YB_E_INVALID_ARG;
    out o = { buf, cap, 0 };
    for (size_t i = 0; i < n; i++)
        one(&o, &steps[i]);
    if (buf && cap)
        buf[o.len < cap - 1 ? o.len : cap - 1] = '\0';
    return (int64_t)o.len;
}
