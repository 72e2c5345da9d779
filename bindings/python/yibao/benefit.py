"""Pooled-fund payment of a member's bill (benefit.h, doc/benefit.md).

A BenefitPolicy (immutable, from a benefit-policy pack) and a BenefitLedger
(the members' annual accumulators and the journal of settled claims; one
thread at a time) settle a DataFrame of claim lines (one row per line, the
columns of the ``yibao benefit`` CSV: see :mod:`yibao.claims`) into a
DataFrame of settlements, one row per claim.

Settlement frames have claim_id, member_id (as given), date (YYYYMMDD),
status, status_name, message (missing when settled), the output fields total,
full_self_pay, over_limit, b_first_pay, in_scope, deductible, pooled,
critical_illness, other_funds, assistance, fund_total, personal,
account_pay, family_aid, cash_pay (int64 fen, or Decimal yuan with
``money="decimal"``), admission, lines (number of lines) and first_line (the
index label of the claim's first line). Rows that failed hold 0.

Single values (members, one settlement, reversals) are dicts whose money is
Decimal yuan unless ``money="fen"``.

Text ids (claim_id, member_id, family_payer) are mapped to the library's
64-bit ids by :func:`yibao.claims.text_id`, a fixed hash: the same text gives
the same id in every session, so saved ledgers keep working with them.
Integer ids are used as they are. Two different texts could in principle
share an id (about one chance in 10^7 for 10 million members); give integer
ids where that matters.
"""
import numpy as np

from ._base import Owned, call_batch, sized
from ._ffi import api, cstr, ffi, lib
from .claims import ClaimBatch, text_id, text_ids  # noqa: F401
from .columns import results
from .context import resolve
from .errors import InvalidArgumentError, StateError, check
from .handles import Handle, status_categorical
from .money import fen_to_decimal, from_fen, from_fixed, to_fen

Insured = api.Insured
Place = api.Place
Visit = api.Visit
ItemClass = api.ItemClass
SettleMode = api.SettleMode
Fund = api.BenefitFund
StepKind = api.BenefitStepKind
NO_ITEM = api.YB_BENEFIT_NO_ITEM

MONEY_FIELDS = ("total", "full_self_pay", "over_limit", "b_first_pay", "in_scope", "deductible", "pooled",
                "critical_illness", "other_funds", "assistance", "fund_total", "personal", "account_pay",
                "family_aid", "cash_pay")
MEMBER_MONEY = ("deductible_used", "outpatient_deductible_used", "fund_paid", "cap_used", "outpatient_fund_paid",
                "eligible_cumulative", "critical_illness_cumulative", "critical_illness_paid",
                "assistance_cumulative", "assistance_paid", "account_balance")
_MODES = {"settle": SettleMode.FINAL, "final": SettleMode.FINAL, "pre": SettleMode.PRE}
MESSAGE_ROWS = 1000  # failed rows whose detailed message is looked up after a batch


def _id(value):
    """A member or claim id as the library's number (texts via text_id)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if value <= 0:
            raise InvalidArgumentError(api.Status.E_INVALID_ARG, "ids are positive, not %d" % value)
        return int(value)
    if isinstance(value, str):
        return text_id(value)
    raise TypeError("an id is an int or a text, not %r" % (value,))


def _amount(v):
    """int fen, or Decimal/str yuan."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return int(v)
    return to_fen(v)


def _money(v, money):
    return from_fen(v) if money == "decimal" else int(v)


def _settlement(p, money="decimal"):
    """A yb_benefit_settlement as a dict."""
    d = {}
    for name, _f in ffi.typeof("yb_benefit_settlement").fields:
        if name in ("size", "reserved"):
            continue
        v = getattr(p, name)
        d[name] = _money(v, money) if name in MONEY_FIELDS else int(v)
    return d


class BenefitPolicy(Handle):
    """A benefit policy (yb_benefit_policy) loaded from a benefit-policy pack.

    >>> with BenefitPolicy("packs/sample-benefit") as policy, policy.ledger() as ledger:
    ...     ledger.credit_accounts(accounts_df)           # member_id, balance
    ...     out = ledger.settle(claim_lines_df)           # one row per claim
    ...     rev = ledger.reverse("JS2024-0001")           # 冲正, with the replay report
    """

    prefix = "yb_benefit_policy"

    def item_id(self, code):
        """The catalogue id of an item code; NotFoundError when not listed."""
        b = code.encode("utf-8")
        out = ffi.new("uint32_t *")
        check(lib.yb_benefit_policy_item_id(self.ptr, b, len(b), out), None, "item %r" % (code,))
        return int(out[0])

    def item_ids(self, codes):
        """Catalogue ids of item codes (uint32 array; NO_ITEM where not listed
        or malformed): an item_id column for settle()."""
        import pandas as pd
        codes_, uniques = pd.factorize(np.asarray(codes, dtype=object), use_na_sentinel=True)
        lut = np.full(len(uniques) + 1, NO_ITEM, dtype=np.uint32)
        out = ffi.new("uint32_t *")
        for k, u in enumerate(uniques):
            b = str(u).encode("utf-8")
            if lib.yb_benefit_policy_item_id(self.ptr, b, len(b), out) == 0:
                lut[k] = out[0]
        return lut[codes_]

    def ledger(self, ctx=None):
        """A new, empty ledger that settles with this policy."""
        return BenefitLedger(self, ctx)


class Settlement(dict):
    """One settled claim: the output fields (a dict), plus ``funds`` (a
    DataFrame of the fund detail lines: fund, has_limit, base, limit, amount
    in fen), ``steps`` (a DataFrame of the explanation steps, ints as in
    yb_benefit_step) and ``text`` (the steps rendered, one line each)."""

    funds = None
    steps = None
    text = ""

    def __str__(self):
        return self.text


class Reversal:
    """The result of reversing one claim: ``settlement`` (the reversed
    claim's settlement as last settled, a dict), ``changed`` (the number of
    later claims whose settlement the replay changed) and ``replay`` (a
    DataFrame of those, one row each: claim_id, member_id, date and
    ``<field>_before`` / ``<field>_after`` for every output field)."""

    def __init__(self, settlement, changed, replay):
        self.settlement, self.changed, self.replay = settlement, changed, replay

    def __repr__(self):
        return "Reversal(claim_id=%d, changed=%d)" % (self.settlement["claim_id"], self.changed)


class BenefitLedger(Owned):
    """Members' accumulators and the journal (yb_benefit_ledger); one thread
    at a time. A context manager; ``policy`` is the default policy of the
    settle and reverse calls."""

    _free_fn = "yb_benefit_ledger_free"
    _what = "the ledger"

    def __init__(self, policy=None, ctx=None, _ptr=None):
        self.policy = policy
        self._ctx = resolve(ctx)
        if _ptr is None:
            out = ffi.new("yb_benefit_ledger **")
            self._ctx.check(lib.yb_benefit_ledger_new(self._ctx.ptr, out), "yb_benefit_ledger_new")
            _ptr = out[0]
        self._ptr = _ptr

    # -- life cycle (ptr, close, with: Owned)
    def _pol(self, policy):
        policy = policy or self.policy
        if policy is None:
            raise StateError(api.Status.E_STATE, "no policy: pass policy= or create the ledger with policy.ledger()")
        return policy

    @classmethod
    def load(cls, data, policy=None, ctx=None):
        """A ledger from bytes written by save()."""
        ctx = resolve(ctx)
        buf = bytes(data)
        out = ffi.new("yb_benefit_ledger **")
        ctx.check(lib.yb_benefit_ledger_load(ctx.ptr, ffi.from_buffer("uint8_t[]", buf), len(buf), out),
                  "yb_benefit_ledger_load")
        return cls(policy, ctx, out[0])

    def save(self):
        """The ledger as bytes (versioned, canonical: the same content gives the same bytes)."""
        n = ffi.new("size_t *")
        self._ctx.check(lib.yb_benefit_ledger_save(self._ctx.ptr, self.ptr, ffi.NULL, 0, n), "yb_benefit_ledger_save")
        buf = bytearray(n[0])
        self._ctx.check(lib.yb_benefit_ledger_save(self._ctx.ptr, self.ptr, ffi.from_buffer("uint8_t[]", buf),
                                                   len(buf), n), "yb_benefit_ledger_save")
        return bytes(buf[:n[0]])

    def clone(self):
        """An independent copy (for what-if runs)."""
        out = ffi.new("yb_benefit_ledger **")
        self._ctx.check(lib.yb_benefit_ledger_clone(self._ctx.ptr, self.ptr, out), "yb_benefit_ledger_clone")
        return BenefitLedger(self.policy, self._ctx, out[0])

    def reserve(self, members, claims):
        """Makes room for this many members and journalled claims in total."""
        self._ctx.check(lib.yb_benefit_ledger_reserve(self._ctx.ptr, self.ptr, members, claims),
                        "yb_benefit_ledger_reserve")

    @property
    def member_count(self):
        return int(lib.yb_benefit_ledger_member_count(self.ptr))

    @property
    def claim_count(self):
        """Settled claims in the journal (reversible)."""
        return int(lib.yb_benefit_ledger_claim_count(self.ptr))

    @property
    def memory(self):
        """Bytes of memory the ledger holds."""
        return int(lib.yb_benefit_ledger_memory(self.ptr))

    def compact(self, before_date):
        """Drops journal entries before the first one dated on or after
        before_date (YYYYMMDD); returns how many. They can no longer be reversed."""
        return int(self._ctx.check(lib.yb_benefit_ledger_compact(self._ctx.ptr, self.ptr, int(before_date)),
                                   "yb_benefit_ledger_compact"))

    # -- members
    def member(self, member_id, money="decimal"):
        """A member's accumulators as a dict (money Decimal yuan, or int fen
        with money="fen"); an unknown member reads as zeros."""
        m = sized("yb_benefit_member")
        rc = lib.yb_benefit_ledger_member(self.ptr, _id(member_id), m)
        if rc not in (0, api.Status.E_NOT_FOUND):
            check(rc, None, "yb_benefit_ledger_member")
        d = {name: (_money(getattr(m, name), money) if name in MEMBER_MONEY else int(getattr(m, name)))
             for name, _f in ffi.typeof("yb_benefit_member").fields if name not in ("size", "reserved")}
        d["member_id"] = member_id
        return d

    def members(self, member_ids):
        """The accumulators of these members as a DataFrame indexed by the ids
        as given (money in int fen)."""
        import pandas as pd
        ids = list(member_ids)
        rows = [self.member(i, money="fen") for i in ids]
        cols = [name for name, _f in ffi.typeof("yb_benefit_member").fields
                if name not in ("size", "reserved", "member_id")]
        return pd.DataFrame({c: np.array([r[c] for r in rows], dtype=np.int64) for c in cols},
                            index=pd.Index(ids, name="member_id"))

    def put_member(self, member_id, **state):
        """Sets a member's accumulators (opening balances); money as int fen or
        Decimal/str yuan. Refused (StateError) while journalled claims refer to
        the member."""
        m = sized("yb_benefit_member")
        m.member_id = _id(member_id)
        for name, v in state.items():
            if name in MEMBER_MONEY:
                setattr(m, name, _amount(v))
            elif name in ("year", "admissions"):
                setattr(m, name, int(v))
            else:
                raise TypeError("yb_benefit_member has no field %r" % name)
        self._ctx.check(lib.yb_benefit_ledger_member_put(self._ctx.ptr, self.ptr, m), "member %r" % (member_id,))

    def credit(self, member_id, amount):
        """Credits (negative: debits) a member's personal account; int fen or Decimal/str yuan."""
        self._ctx.check(lib.yb_benefit_ledger_account_credit(self._ctx.ptr, self.ptr, _id(member_id),
                                                             _amount(amount)), "account of %r" % (member_id,))

    def credit_accounts(self, accounts):
        """Credits every row of a DataFrame with member_id and balance (or amount) columns."""
        col = "balance" if "balance" in accounts else "amount"
        for m, a in zip(list(accounts["member_id"]), list(accounts[col])):
            self.credit(m, a)

    # -- settlement
    def settle(self, claims, policy=None, mode="settle", money="fen", ctx=None, progress=None, callback=None):
        """Settles (mode "settle") or pre-settles (mode "pre") a DataFrame of
        claim lines in order; returns the settlement frame described in the
        module docstring. Bad claims get a status and a message and never stop
        the batch; a failed claim leaves the ledger unchanged."""
        import pandas as pd
        policy = self._pol(policy)
        ctx = resolve(ctx) if ctx is not None else self._ctx
        mode = _MODES[mode] if isinstance(mode, str) else SettleMode(mode)
        batch = ClaimBatch(claims)
        n = batch.n
        out = results("yb_settlement_columns", n)
        row_status, _ = call_batch(ctx, "yb_benefit_settle_batch",
                                   (policy.ptr, self.ptr, batch.cols.ptr, int(mode), out.ptr), n, "benefit",
                                   progress, callback)
        last_message = ctx.errmsg  # the detail of the last failing row
        ours = batch.status != 0
        if ours.any():
            row_status = np.where(ours, batch.status, row_status).astype(np.int32)
        failed = np.flatnonzero(row_status)
        messages = np.full(n, None, dtype=object)
        for c, text in batch.messages.items():
            messages[c] = text
        if len(failed):
            for name, arr in out.arrays.items():
                arr[failed] = 0
            self._failure_messages(policy, batch, row_status, failed, messages, last_message, ctx)
        frame = {"claim_id": batch.ids["claim_id"],
                 "member_id": batch.ids.get("member_id", batch.cols.arrays["member_id"]),
                 "date": batch.cols.arrays["date"], "status": row_status,
                 "status_name": status_categorical(row_status), "message": messages}
        for name in MONEY_FIELDS:
            frame[name] = fen_to_decimal(out.arrays[name]) if money == "decimal" else out.arrays[name]
        frame["admission"] = out.arrays["admission"]
        frame["lines"] = batch.counts
        labels = batch.labels
        frame["first_line"] = labels.take(batch.starts) if hasattr(labels, "take") else \
            np.asarray(labels)[batch.starts]
        return pd.DataFrame(frame, copy=False)

    def pre_settle(self, claims, **kw):
        """Pre-settlement (预结算): settle(mode="pre"); the ledger does not change."""
        return self.settle(claims, mode="pre", **kw)

    def _failure_messages(self, policy, batch, row_status, failed, messages, last_message, ctx):
        """The library's own message for failed rows: the batch's detail for the
        last one; the others (up to MESSAGE_ROWS) are pre-settled alone against
        the ledger as it is now, and where that succeeds (a repeated claim id)
        the status text stands. Numeric ids in the messages are written as the
        text ids given."""
        texts = {}
        for name in ("claim_id", "member_id"):
            given = batch.ids.get(name)
            if given is not None and given.dtype == object:
                texts[name] = given

        def readable(c, text):
            for name, prefix in (("claim_id", "claim "), ("member_id", "member ")):
                if name in texts:
                    num = int(batch.cols.arrays[name][c])
                    text = text.replace("%s%d" % (prefix, num), "%s%s" % (prefix, texts[name][c]))
            return text
        last = int(failed[-1])
        if messages[last] is None and last_message:
            messages[last] = readable(last, last_message)
        for c in failed[:MESSAGE_ROWS].tolist():
            if messages[c] is not None:
                continue
            claim, keep = _single_claim(batch, c)
            s = sized("yb_benefit_settlement")
            rc = lib.yb_benefit_settle_one(ctx.ptr, policy.ptr, self.ptr, claim, int(SettleMode.PRE), s,
                                           ffi.NULL, ffi.NULL, 0, ffi.NULL)
            del keep
            messages[c] = readable(c, cstr(lib.yb_ctx_errmsg(ctx.ptr)) if rc == row_status[c] else
                                   cstr(lib.yb_strerror(int(row_status[c]))))
        for c in failed[MESSAGE_ROWS:].tolist():
            if messages[c] is None:
                messages[c] = cstr(lib.yb_strerror(int(row_status[c])))

    def explain(self, claims, policy=None, mode="pre", money="decimal"):
        """Settles (by default pre-settles) the first claim of a frame of claim
        lines alone, with its fund lines and every step: a Settlement. A claim
        the library refuses raises BenefitRowError with the reason."""
        policy = self._pol(policy)
        mode = _MODES[mode] if isinstance(mode, str) else SettleMode(mode)
        batch = ClaimBatch(claims)
        if batch.n == 0:
            raise ValueError("no claim lines")
        if batch.status[0]:
            from .errors import error_class
            raise error_class(int(batch.status[0]))(int(batch.status[0]), batch.messages[0])
        claim, keep = _single_claim(batch, 0)
        s = sized("yb_benefit_settlement")
        funds = ffi.new("yb_benefit_fund_line[]", api.YB_BENEFIT_FUNDS)
        steps = ffi.new("yb_benefit_step[]", api.YB_BENEFIT_MAX_STEPS)
        nsteps = ffi.new("size_t *")
        self._ctx.check(lib.yb_benefit_settle_one(self._ctx.ptr, policy.ptr, self.ptr, claim, int(mode), s, funds,
                                                  steps, api.YB_BENEFIT_MAX_STEPS, nsteps),
                        "claim %s" % (batch.ids["claim_id"][0],))
        del keep
        return _explained(s, funds, steps, min(nsteps[0], api.YB_BENEFIT_MAX_STEPS), money)

    # -- reversal
    def reverse(self, claim_id, policy=None, money="decimal"):
        """Reverses (冲正) a settled claim and restores the accumulators
        exactly; later claims of the members concerned are replayed (doc/benefit.md,
        "Replay semantics"). Returns a Reversal; an unknown claim raises
        BenefitRowError. Atomic: on any error the ledger is unchanged."""
        policy = self._pol(policy)
        s = sized("yb_benefit_settlement")
        changed = self._ctx.check(lib.yb_benefit_reverse(self._ctx.ptr, policy.ptr, self.ptr, _id(claim_id), s),
                                  "reversing claim %r" % (claim_id,))
        return Reversal(_settlement(s, money), int(changed), self.replay(money="fen"))

    def reverse_many(self, claim_ids, policy=None):
        """Reverses claims one after another: a DataFrame with claim_id,
        status, status_name and changed (replayed settlements that changed)."""
        import pandas as pd
        policy = self._pol(policy)
        ids = list(claim_ids)
        nums = np.array([_id(i) for i in ids], dtype=np.uint64)
        changed = np.zeros(len(ids), dtype=np.int64)
        st = np.zeros(len(ids), dtype=np.int32)
        self._ctx.check(lib.yb_benefit_reverse_batch(self._ctx.ptr, policy.ptr, self.ptr, len(ids),
                                                     ffi.cast("uint64_t *", ffi.from_buffer(nums)),
                                                     ffi.cast("int64_t *", ffi.from_buffer(changed)),
                                                     ffi.cast("int32_t *", ffi.from_buffer(st))),
                        "yb_benefit_reverse_batch")
        return pd.DataFrame({"claim_id": ids, "status": st, "status_name": status_categorical(st),
                             "changed": changed})

    def replay(self, money="fen"):
        """The settlements the last reversal's replay changed: a DataFrame
        with claim_id and member_id (the library's numbers), date, and
        ``<field>_before`` / ``<field>_after`` for every output field and
        admission."""
        import pandas as pd
        rows = []
        for i in range(lib.yb_benefit_ledger_replay_count(self.ptr)):
            before, after = sized("yb_benefit_settlement"), sized("yb_benefit_settlement")
            check(lib.yb_benefit_ledger_replay_get(self.ptr, i, before, after), None, "yb_benefit_ledger_replay_get")
            b, a = _settlement(before, money), _settlement(after, money)
            row = {"claim_id": b["claim_id"], "member_id": b["member_id"], "date": b["date"]}
            for name in MONEY_FIELDS + ("admission",):
                row[name + "_before"] = b[name]
                row[name + "_after"] = a[name]
            rows.append(row)
        cols = ["claim_id", "member_id", "date"] + [f + s for f in MONEY_FIELDS + ("admission",)
                                                    for s in ("_before", "_after")]
        return pd.DataFrame(rows, columns=cols)


def _single_claim(batch, c):
    """Claim c of a batch as a yb_benefit_claim (pointers into the batch's
    arrays); returns (claim, objects to keep alive)."""
    cols, arrays = batch.cols, batch.cols.arrays
    lo, hi = int(batch.starts[c]), int(batch.starts[c]) + int(batch.counts[c])
    cl = sized("yb_benefit_claim")
    for name in ("claim_id", "member_id", "date", "insured", "level", "place", "visit", "category",
                 "civil_servant", "use_account", "family_payer"):
        if name in arrays:
            setattr(cl, name, int(arrays[name][c]))
    if "use_account" not in arrays:
        cl.use_account = 1
    cl.nlines = hi - lo
    p = cols.ptr
    if "item_ids" in arrays:
        cl.item_ids = p.item_ids + lo
    else:
        cl.item_data = p.item_data
        cl.item_offsets = p.item_offsets + lo
    if "item_class" in arrays:
        cl.item_class = p.item_class + lo
    cl.quantity = p.quantity + lo
    cl.price = p.price + lo
    cl.amount = p.amount + lo
    return cl, cols


def _explained(s, funds, steps, n, money):
    import pandas as pd
    out = Settlement(_settlement(s, money))
    out.funds = pd.DataFrame({
        "fund": [Fund(funds[i].fund).name.lower() for i in range(api.YB_BENEFIT_FUNDS)],
        "has_limit": [bool(funds[i].has_limit) for i in range(api.YB_BENEFIT_FUNDS)],
        **{k: np.array([getattr(funds[i], k) for i in range(api.YB_BENEFIT_FUNDS)], dtype=np.int64)
           for k in ("base", "limit", "amount")}})
    names = [name for name, _f in ffi.typeof("yb_benefit_step").fields]
    out.steps = pd.DataFrame({k: [getattr(steps[i], k) for i in range(n)] for k in names})
    out.steps["kind"] = [StepKind(k).name.lower() for k in out.steps["kind"]]
    need = lib.yb_benefit_explain(steps, n, ffi.NULL, 0)
    buf = ffi.new("char[]", int(need) + 1)
    lib.yb_benefit_explain(steps, n, buf, int(need) + 1)
    out.text = ffi.string(buf).decode("utf-8")
    return out


def ratio(value):
    """A 6-decimal ratio (e.g. a step's ratio) as a Decimal."""
    return from_fixed(value, api.YB_RATIO_DECIMALS)


__all__ = ["BenefitPolicy", "BenefitLedger", "Settlement", "Reversal", "Insured", "Place", "Visit", "ItemClass",
           "SettleMode", "Fund", "StepKind", "text_id", "text_ids", "ratio"]
