"""Status codes and their exception families."""
import pytest

import yibao
from yibao import Status


def test_every_status_has_a_name_and_a_text():
    for s in Status:
        assert yibao.status_name(s) == "YB_" + s.name
        assert yibao.strerror(s) and yibao.strerror(s) != "unknown status"
    assert yibao.status_name(12345) == "YB_UNKNOWN"
    assert yibao.strerror(12345) == "unknown status"


@pytest.mark.parametrize("status,cls,builtin", [
    (Status.E_INVALID_ARG, yibao.InvalidArgumentError, ValueError),
    (Status.E_NOMEM, yibao.OutOfMemoryError, MemoryError),
    (Status.E_IO, yibao.InputOutputError, OSError),
    (Status.E_FORMAT, yibao.FormatError, ValueError),
    (Status.E_ENCODING, yibao.EncodingError, ValueError),
    (Status.E_PACK, yibao.PackError, yibao.YibaoError),
    (Status.E_CHECKSUM, yibao.ChecksumError, yibao.PackError),
    (Status.E_VERSION, yibao.VersionError, yibao.PackError),
    (Status.E_NOT_FOUND, yibao.NotFoundError, LookupError),
    (Status.E_OVERFLOW, yibao.MoneyOverflowError, ArithmeticError),
    (Status.E_DIV_ZERO, yibao.DivisionByZeroError, ZeroDivisionError),
    (Status.E_CANCELLED, yibao.CancelledError, yibao.YibaoError),
    (Status.E_STATE, yibao.StateError, yibao.YibaoError),
    (Status.E_LIMIT, yibao.LimitError, ValueError),
    (Status.E_DUPLICATE, yibao.DuplicateError, ValueError),
    (Status.E_PARAM, yibao.ParamError, ValueError),
    (Status.E_INTERNAL, yibao.InternalError, yibao.YibaoError),
    (Status.E_ROW_SEX, yibao.GroupingRowError, yibao.RowError),
    (Status.E_ROW_GROUP, yibao.PointsRowError, yibao.RowError),
    (Status.E_ROW_MEMBER, yibao.CapitationRowError, yibao.RowError),
    (Status.E_ROW_CLAIM, yibao.BenefitRowError, yibao.RowError),
])
def test_status_families(status, cls, builtin):
    assert yibao.error_class(status) is cls
    err = cls(status)
    assert isinstance(err, builtin) and isinstance(err, yibao.YibaoError)
    assert err.message == yibao.strerror(status)
    assert str(err) == "%s (YB_%s)" % (err.message, status.name)


def test_every_status_maps_to_a_family():
    generic = [s for s in Status if s != Status.OK and yibao.error_class(s) is yibao.YibaoError]
    assert generic == []


def test_check_passes_counts_and_raises_negatives():
    assert yibao.check(0) == 0 and yibao.check(5) == 5
    with pytest.raises(yibao.FormatError) as e:
        yibao.check(Status.E_FORMAT, None, "parsing x")
    assert e.value.message == "parsing x: " + yibao.strerror(Status.E_FORMAT)


def test_status_names_column():
    from yibao.handles import status_names
    import numpy as np
    got = status_names(np.array([0, -100, 0, -4], dtype=np.int32)).tolist()
    assert got == ["YB_OK", "YB_E_ROW_SEX", "YB_OK", "YB_E_FORMAT"]
