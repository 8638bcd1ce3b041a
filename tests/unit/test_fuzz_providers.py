"""Hostile data is an error, never a crash (issue 12 part 4).

Every provider client, driven through its real code path (ProviderHttp, auth, error parser,
mapping) over an `httpx.MockTransport`, is given mutated provider answers: the seed examples
recorded from the sandbox (which follows the seed contracts field for field) and the recorded
fixtures of real providers, then dropped, retyped, nested (deeper than the JSON parser's
recursion limit too), enlarged, made unicode, NaN/Infinity, huge numbers, bad currencies, any
status, any body. The only acceptable results: a valid model of the expected type, or a typed
ProviderError. A placement answer with a 2xx status that cannot be read must leave the
outcome unknown.

Normal suite: a bounded number of examples per provider (tests/conftest.py `default` profile);
`pytest tests/unit/test_fuzz_providers.py --hypothesis-profile=long` runs thousands.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulfildesk.domain.models import KeyLine
from fulfildesk.providers.errors import ProviderError, ResponseInvalid
from fulfildesk.providers.http import HttpPolicy, ProviderClient
from fulfildesk.providers.inventory import InventoryClient, OrderCreateWire
from fulfildesk.providers.kinguin import KinguinClient, OrderQuery
from fulfildesk.providers.plum import PlaceOrderRequest, PlumClient, PlumCredentials
from fulfildesk.providers.powerplugin import Address, PowerPluginClient
from fulfildesk.sandbox.config import (
    DEFAULT_TOKEN,
    INVENTORY_CLIENT_ID,
    INVENTORY_CLIENT_SECRET,
    SandboxConfig,
)
from fulfildesk.sandbox.powerplugin import SEED_ESTABLISHMENT, SEED_PLAYER, SEED_PRODUCT
from fulfildesk.sandbox.server import start_in_thread

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAKE = "https://provider.test"
POLICY = HttpPolicy(max_attempts=2, backoff_base=0.0, backoff_cap=0.0, retry_after_cap=1.0)
ADDRESS = Address(
    recipient_name="Ana Torres",
    address_line1="Gran Vía 1",
    postal_code="28013",
    country="ES",
    city="Madrid",
)


async def _no_sleep(seconds: float) -> None:
    return None


# --------------------------------------------------------------------------- the calls

Call = Callable[[Any], Awaitable[Any]]


@dataclass
class Case:
    """One client call, with the answers the sandbox gave it (its seeds)."""

    name: str
    make: Callable[[str, httpx.AsyncBaseTransport | None], ProviderClient]
    call: Call
    #: what a successful call returns (a type, or a tuple of types)
    returns: Any
    #: spends money or hands out a secret: an unreadable 2xx must leave the outcome unknown
    acting: bool = False
    seeds: list[Seed] = field(default_factory=list)


@dataclass(frozen=True)
class Seed:
    method: str
    path: str
    query: str  # Plum's operation name, "" elsewhere
    status: int
    content_type: str
    body: Any  # parsed JSON, or bytes when it was not JSON


def kinguin(api: str) -> Callable[[str, httpx.AsyncBaseTransport | None], ProviderClient]:
    def make(url: str, transport: httpx.AsyncBaseTransport | None) -> ProviderClient:
        base = f"{url}/kinguin-current" if api == "current" and url != FAKE else f"{url}/kinguin"
        return KinguinClient(
            base if url != FAKE else url,
            DEFAULT_TOKEN,
            api=api,  # type: ignore[arg-type]
            policy=POLICY,
            transport=transport,
            sleep=_no_sleep,
        )

    return make


def plum(url: str, transport: httpx.AsyncBaseTransport | None) -> ProviderClient:
    return PlumClient(
        url if url == FAKE else f"{url}/plum",
        DEFAULT_TOKEN,
        policy=POLICY,
        transport=transport,
        sleep=_no_sleep,
    )


def plum_refreshing(url: str, transport: httpx.AsyncBaseTransport | None) -> ProviderClient:
    from fulfildesk.sandbox.config import PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN

    return PlumClient(
        url if url == FAKE else f"{url}/plum",
        credentials=PlumCredentials(PLUM_CLIENT_ID, PLUM_CLIENT_SECRET, PLUM_REFRESH_TOKEN),
        policy=POLICY,
        transport=transport,
        sleep=_no_sleep,
    )


def inventory(api: str) -> Callable[[str, httpx.AsyncBaseTransport | None], ProviderClient]:
    def make(url: str, transport: httpx.AsyncBaseTransport | None) -> ProviderClient:
        base = url if url == FAKE else f"{url}/inventory"
        if api == "v2":
            return InventoryClient(
                base,
                api="v2",
                client_id=INVENTORY_CLIENT_ID,
                client_secret=INVENTORY_CLIENT_SECRET,
                auth_url=base,
                policy=POLICY,
                transport=transport,
                sleep=_no_sleep,
            )
        return InventoryClient(
            base, DEFAULT_TOKEN, api="v1", policy=POLICY, transport=transport, sleep=_no_sleep
        )

    return make


def powerplugin(url: str, transport: httpx.AsyncBaseTransport | None) -> ProviderClient:
    return PowerPluginClient(
        url if url == FAKE else f"{url}/powerplugin",
        DEFAULT_TOKEN,
        policy=POLICY,
        transport=transport,
        sleep=_no_sleep,
    )


LINES = [KeyLine(product_id=5, quantity=2, max_price=Decimal("3.59"), name="Anno")]
ENTRY_ORDER = {"source": "CLIENT", "entries": [{"type": "fill_loot", "loot_id": 5, "quantity": 1}]}
V2_PLAYER = str(uuid.UUID(int=77))
#: ids the recording learns (order ids, dispatch ids, transactions), reused by the fuzz calls
IDS: dict[str, Any] = {}


def cases() -> list[Case]:
    """Every client call worth fuzzing, in the order the recording must run them."""
    from fulfildesk.providers.inventory import InventoryOrder
    from fulfildesk.providers.kinguin import KinguinOrder, OrderPage
    from fulfildesk.providers.plum import PlumOrder

    k1, kc = kinguin("v1"), kinguin("current")
    return [
        # ---- Kinguin v1 (the seed)
        Case("kinguin.place", k1, lambda c: c.place_order(LINES), str, acting=True),
        Case("kinguin.get_order", k1, lambda c: c.get_order(IDS["k1"]), object),
        Case("kinguin.list", k1, lambda c: c.list_orders(OrderQuery(limit=5)), OrderPage),
        Case("kinguin.dispatch", k1, lambda c: c.dispatch(IDS["k1"]), int, acting=True),
        Case("kinguin.keys", k1, lambda c: c.get_keys(IDS["k1d"], IDS["k1"]), list),
        # ---- Kinguin's current API
        Case(
            "kinguin-current.create",
            kc,
            lambda c: c.create_order(LINES, "EXT-FUZZ-1"),
            KinguinOrder,
            acting=True,
        ),
        Case("kinguin-current.details", kc, lambda c: c.order_details(IDS["kc"]), KinguinOrder),
        Case("kinguin-current.keys", kc, lambda c: c.get_keys(IDS["kc"]), list),
        Case(
            "kinguin-current.find",
            kc,
            lambda c: c.find_by_external_id("EXT-FUZZ-1"),
            (KinguinOrder, type(None)),
        ),
        Case("kinguin-current.list", kc, lambda c: c.list_orders(OrderQuery(limit=5)), OrderPage),
        Case("kinguin-current.balance", kc, lambda c: c.balance(), object),
        Case("kinguin-current.return", kc, lambda c: c.return_keys(IDS["kc"]), list, acting=True),
        # ---- Plum
        Case(
            "plum.place",
            plum,
            lambda c: c.place_order(PlaceOrderRequest(29877, 1, Decimal(10), po_number="PO-FZ")),
            PlumOrder,
            acting=True,
        ),
        Case(
            "plum.details",
            plum,
            lambda c: c.get_order_details(po_number="PO-FZ"),
            PlumOrder,
        ),
        Case("plum.vouchers", plum, lambda c: c.get_vouchers_page(limit=5), list),
        Case("plum.balance", plum, lambda c: c.get_balance(max_age=0), object),
        Case(
            "plum.history",
            plum,
            lambda c: c.get_order_history(date(2020, 1, 1), date(2030, 1, 1), limit=5),
            list,
        ),
        Case("plum.token", plum_refreshing, lambda c: c.get_balance(max_age=0), object),
        # ---- inventory v1 and v2 (v2 with the users service's token endpoint)
        Case(
            "inventory.create",
            inventory("v1"),
            lambda c: c.create_order(7, OrderCreateWire.model_validate(ENTRY_ORDER)),
            InventoryOrder,
            acting=True,
        ),
        Case(
            "inventory.get",
            inventory("v1"),
            lambda c: c.get_order(7, IDS["inv"]),
            InventoryOrder,
        ),
        Case("inventory.list", inventory("v1"), lambda c: c.list_orders(7, limit=5), object),
        Case(
            "inventory-v2.create",
            inventory("v2"),
            lambda c: c.create_order(V2_PLAYER, OrderCreateWire.model_validate(ENTRY_ORDER)),
            InventoryOrder,
            acting=True,
        ),
        Case(
            "inventory-v2.list",
            inventory("v2"),
            lambda c: c.list_orders(V2_PLAYER, limit=5),
            object,
        ),
        # ---- physical goods (powerplugin)
        Case(
            "powerplugin.reserve",
            powerplugin,
            lambda c: c.reserve(SEED_PLAYER, SEED_PRODUCT, SEED_ESTABLISHMENT),
            object,
            acting=True,
        ),
        Case(
            "powerplugin.details",
            powerplugin,
            lambda c: c.update_details(
                SEED_PLAYER, IDS["tx"], {"email": "a@example.com", "name": "Ana"}
            ),
            str,
            acting=True,
        ),
        Case(
            "powerplugin.send",
            powerplugin,
            lambda c: c.send(SEED_PLAYER, IDS["tx"], ADDRESS),
            object,
            acting=True,
        ),
        Case(
            "powerplugin.track",
            powerplugin,
            lambda c: c.track(SEED_PLAYER, IDS["tx"], "TRK-1"),
            object,
            acting=True,
        ),
        Case("powerplugin.orders", powerplugin, lambda c: c.player_orders(SEED_PLAYER), list),
        Case(
            "powerplugin.transaction",
            powerplugin,
            lambda c: c.transaction(SEED_PLAYER, IDS["tx"]),
            object,
        ),
        Case(
            "powerplugin.complete",
            powerplugin,
            lambda c: c.complete(SEED_PLAYER, IDS["tx"]),
            object,
            acting=True,
        ),
    ]


# --------------------------------------------------------------------------- recording seeds


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[Seed] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.seen.append(
            Seed(
                request.method,
                request.url.path,
                _query_name(request.content),
                response.status_code,
                response.headers.get("content-type", ""),
                _parse(content),
            )
        )
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


def _query_name(content: bytes) -> str:
    try:
        body = json.loads(content or b"null")
    except ValueError:
        return ""
    return str(body.get("query", "")) if isinstance(body, dict) else ""


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return content


async def _learn_ids(case: Case, client: Any, result: Any) -> None:
    """After a recorded call: the ids later calls need, and what makes them possible."""
    if case.name == "kinguin.place":
        IDS["k1"] = result
        for _ in range(200):  # the sandbox's Kinguin completes an order in two short steps
            if (await client.get_order(result)).status.value == "completed":
                break
            await asyncio.sleep(0.02)
    elif case.name == "kinguin.dispatch":
        IDS["k1d"] = result
    elif case.name == "kinguin-current.create":
        IDS["kc"] = result.order_id
        for _ in range(200):
            if (await client.order_details(result.order_id)).settled:
                break
            await asyncio.sleep(0.02)
    elif case.name == "inventory.create":
        IDS["inv"] = result.order.provider_order_id
    elif case.name == "powerplugin.reserve":
        IDS["tx"] = result.transaction_id


def record(tmp: Path) -> list[Case]:
    config = SandboxConfig(
        data_dir=tmp / "sandbox", kinguin_step=0.01, kinguin_current_key_step=0.01
    )
    running = start_in_thread(config)
    all_cases = cases()

    async def run() -> None:
        for case in all_cases:
            recorder = Recorder()
            client: Any = case.make(running.url, recorder)
            try:
                result = await case.call(client)
                await _learn_ids(case, client, result)
            except ProviderError:
                pass  # a refusal is a seed too (an error body)
            finally:
                await client.aclose()
            case.seeds = [s for s in recorder.seen if s.path] or case.seeds

    try:
        asyncio.run(run())
    finally:
        running.stop()
    # recorded answers of real providers (numbers as strings, "" for numbers, lists of errors)
    plum_path = "/v1/oauth/api"
    extra = {
        "plum.place": ["plum/placeOrder.code.json", "plum/error.PLE10001.json"],
        "plum.details": ["plum/getOrderDetails.url.json"],
    }
    for case in all_cases:
        for name in extra.get(case.name, []):
            body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
            status = 400 if "error" in name else 200
            case.seeds.append(Seed("POST", plum_path, "", status, "application/json", body))
    return all_cases


_CASES: list[Case] | None = None


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Case]]:
    global _CASES
    if _CASES is None:
        _CASES = record(tmp_path_factory.mktemp("fuzz"))
    yield {c.name: c for c in _CASES}


def test_every_case_recorded_a_seed(recorded: dict[str, Case]) -> None:
    for case in recorded.values():
        assert case.seeds, case.name
    # the recording went through the happy path: each acting call got a 2xx
    for name in ("kinguin.place", "plum.place", "inventory.create", "powerplugin.reserve"):
        assert any(200 <= s.status < 300 for s in recorded[name].seeds), name


# --------------------------------------------------------------------------- mutations

WEIRD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "NaN",
        "Infinity",
        "-1e999",
        "1e999999",
        "9" * 5000,
        "0x10",
        "１２３",  # full-width digits
        "٣",  # Arabic-Indic digit
        "\u202eevil",
        "\ud800",  # a lone surrogate (escaped in JSON)
        "😀" * 50,
        "<script>alert(1)</script>",
        "XXX",  # a currency nobody has
        "€",
        "2024-13-45T99:99:99",
        "null",
        "\x00",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**63, 2**64, -(2**63) - 1, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, WEIRD_TEXT, st.text(max_size=40))


def json_values() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if len(prefix) > 12:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:5]):
            found += _paths(item, (*prefix, index))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    parent = _get(value, path[:-1])
    parent[path[-1]] = new
    return value


def _drop(value: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return None
    parent = _get(value, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    elif isinstance(parent, list) and path[-1] < len(parent):
        parent.pop(path[-1])
    return value


class Deep:
    """Nesting deeper than any parser's recursion limit, spliced in as text when serialised
    (kept out of Python objects, which would hit the recursion limit themselves)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def nest(self, value: Any, depth: int) -> Any:
        if depth <= 50:
            for _ in range(depth):
                value = [value] if depth % 2 else {"x": value}
            return value
        marker = f"@@deep{len(self.texts)}@@"
        inner = json.dumps(value, allow_nan=True)
        opening, closing = ("[", "]") if depth % 2 else ('{"x":', "}")
        self.texts[marker] = opening * depth + inner + closing * depth
        return marker

    def dumps(self, value: Any) -> bytes:
        text = json.dumps(value, allow_nan=True)
        for marker, deep in self.texts.items():
            text = text.replace(json.dumps(marker), deep)
        return text.encode("utf-8", "surrogatepass")


#: bounds of "enlarge" (items of a list, characters of a text, characters of the whole answer)
MAX_ITEMS = 1000
MAX_TEXT = 200_000
MAX_BODY = 4_000_000


def mutate(data: st.DataObject, body: Any, deep: Deep) -> Any:
    """One to four mutations of a JSON value: drop, retype, nest, enlarge, unicode, NaN."""
    body = json.loads(json.dumps(body))  # a private deep copy
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        path = data.draw(st.sampled_from(_paths(body)), label="at")
        kind = data.draw(
            st.sampled_from(["drop", "retype", "nest", "enlarge", "unicode", "nan", "number"]),
            label="kind",
        )
        target = _get(body, path)
        if kind == "drop":
            body = _drop(body, path)
        elif kind == "retype":
            body = _set(body, path, data.draw(json_values(), label="value"))
        elif kind == "nest":
            depth = data.draw(st.sampled_from([1, 3, 50, 5000]), label="depth")
            body = _set(body, path, deep.nest(target, depth))
        elif kind == "enlarge":
            # bounded: the answer grows to megabytes, never to what the test machine holds
            if isinstance(target, list) and target:
                times = data.draw(st.integers(2, 300), label="times")
                body = _set(body, path, (target * times)[:MAX_ITEMS])
            elif isinstance(target, str):
                body = _set(body, path, (target * 2000 or "x" * 100_000)[:MAX_TEXT])
            else:
                body = _set(body, path, 10**300)
            if len(json.dumps(body, allow_nan=True)) > MAX_BODY:
                body = _set(body, path, target)  # too big to be useful: keep it as it was
        elif kind == "unicode":
            body = _set(body, path, data.draw(WEIRD_TEXT, label="text"))
        elif kind == "nan":
            body = _set(body, path, data.draw(st.sampled_from([math.nan, math.inf, -math.inf])))
        else:
            body = _set(body, path, data.draw(NUMBERS, label="number"))
    return body


RAW_BODIES = st.sampled_from(
    [
        b"",
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
        b'{"a":' * 50_000,
        b"NaN",
        b"null",
        b"12",
        b'"text"',
        b'{"data": {',  # truncated
        b"\x1f\x8b\x08\x00",  # gzip magic without gzip
    ]
)
STATUSES = st.one_of(
    st.sampled_from([200, 200, 200, 201, 202, 204]),
    st.sampled_from([301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
    st.integers(min_value=100, max_value=599),
)


def answer_for(data: st.DataObject, case: Case, request: httpx.Request) -> httpx.Response:
    query = _query_name(request.content)
    matching = [s for s in case.seeds if s.method == request.method and s.query == query] or [
        s for s in case.seeds if s.method == request.method
    ]
    seed = data.draw(st.sampled_from(matching or case.seeds), label="seed")
    how = data.draw(st.sampled_from(["mutated", "mutated", "mutated", "raw", "seed"]), label="how")
    if how == "raw":
        content = data.draw(RAW_BODIES, label="raw")
    elif isinstance(seed.body, bytes):
        content = seed.body
    else:
        deep = Deep()
        value = mutate(data, seed.body, deep) if how == "mutated" else seed.body
        content = deep.dumps(value)
    status = seed.status if data.draw(st.booleans(), label="keep status") else data.draw(STATUSES)
    headers = {"content-type": seed.content_type or "application/json"}
    if status in (429, 503) and data.draw(st.booleans(), label="retry-after"):
        headers["Retry-After"] = data.draw(
            st.sampled_from(["0", "1", "nan", "-3", "99999999999", "Wed, 21 Oct 2015 07:28:00"])
        )
    if 100 <= status < 200:
        status = 200  # httpx cannot deliver an informational answer as final
    return httpx.Response(status, headers=headers, content=content)


def check(case: Case, data: st.DataObject) -> None:
    """Run the case's call against mutated answers: a valid model or a typed error."""
    answered: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = answer_for(data, case, request)
        answered.append(response.status_code)
        return response

    async def run() -> None:
        client: Any = case.make(FAKE, httpx.MockTransport(handler))
        try:
            result = await case.call(client)
        except ResponseInvalid as exc:
            assert exc.message  # a sentence for a person
            last_2xx = bool(answered) and 200 <= answered[-1] < 300
            if case.acting and last_2xx and exc.status is not None:
                assert exc.outcome_unknown, f"{case.name}: unreadable 2xx not outcome unknown"
        except ProviderError as exc:
            assert exc.message
        except BaseException as exc:  # the crash this test exists to catch, named plainly
            raise AssertionError(f"{case.name}: escaped as {type(exc).__name__}: {exc!r:.300}")
        else:
            assert isinstance(result, case.returns), (case.name, type(result))
        finally:
            await client.aclose()

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 30  # a hostile body never hangs a call


def _fuzz(prefix: str) -> Callable[..., None]:
    @given(data=st.data())
    def test(recorded: dict[str, Case], data: st.DataObject) -> None:
        names = sorted(n for n in recorded if n.split(".")[0] == prefix)
        case = recorded[data.draw(st.sampled_from(names), label="case")]
        check(case, data)

    return test


test_kinguin_v1_answers_are_models_or_typed_errors = _fuzz("kinguin")
test_kinguin_current_answers_are_models_or_typed_errors = _fuzz("kinguin-current")
test_plum_answers_are_models_or_typed_errors = _fuzz("plum")
test_inventory_v1_answers_are_models_or_typed_errors = _fuzz("inventory")
test_inventory_v2_answers_are_models_or_typed_errors = _fuzz("inventory-v2")
test_powerplugin_answers_are_models_or_typed_errors = _fuzz("powerplugin")


@pytest.mark.parametrize(
    "name", ["kinguin.place", "kinguin-current.create", "plum.place", "inventory.create"]
)
@pytest.mark.parametrize(
    "body", [b"<html>502</html>", b"[" * 100_000, b'{"orderId": {"x": [1, 2]}}', b""]
)
def test_an_unreadable_2xx_placement_is_outcome_unknown(
    recorded: dict[str, Case], name: str, body: bytes
) -> None:
    case = recorded[name]

    async def run() -> ProviderError:
        client: Any = case.make(
            FAKE, httpx.MockTransport(lambda request: httpx.Response(200, content=body))
        )
        try:
            with pytest.raises(ProviderError) as info:
                await case.call(client)
        finally:
            await client.aclose()
        return info.value

    error = asyncio.run(run())
    assert isinstance(error, ResponseInvalid) and error.outcome_unknown
