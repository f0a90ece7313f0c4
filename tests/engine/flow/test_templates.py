"""Template state: scope, data before template, withdrawal, expiry and the bounds on all of it."""

from __future__ import annotations

import json
import struct
import tracemalloc
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.flow.decoder import (
    MAX_RECORDS_PER_DATAGRAM,
    MAX_TEMPLATES_PER_DATAGRAM,
)
from custom_components.netwatch.engine.flow.pending import MAX_BYTES, PENDING_TTL
from custom_components.netwatch.engine.flow.state import MAX_EXPORTERS, MAX_TEMPLATES_PER_EXPORTER
from custom_components.netwatch.engine.flow.template import MAX_FIELDS

from .wire import (
    V4_FIELDS,
    flowset,
    ipfix,
    ipfix_template,
    v4_record,
    v9,
    v9_options_template,
    v9_template,
)


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _tpl(template_id: int = 256, **kw: int) -> bytes:
    return v9([flowset(0, v9_template(template_id, V4_FIELDS))], **kw)


def _data(template_id: int = 256, n: int = 1, **kw: int) -> bytes:
    return v9([flowset(template_id, v4_record(sport=1000 + i) * 1) for i in range(n)], **kw)


def test_data_before_template_waits_and_is_released() -> None:
    decoder = FlowDecoder()
    early = v9(
        [flowset(256, v4_record(first=90_000, last=99_000))], uptime=100_000, secs=1_700_000_000
    )
    assert decoder.decode(early, "10.0.0.1") == []
    assert decoder.stats.unknown_template == 1
    assert decoder.stats.pending == 1
    assert decoder.stats.exporters["10.0.0.1"].pending == 1
    # The template arrives 5 s later in a datagram of its own: decode() returns the waiting flow,
    # timed by the header it came with (export 1_700_000_000 s, uptime 100 s).
    released = decoder.decode(_tpl(uptime=105_000, secs=1_700_000_005, seq=2), "10.0.0.1")
    assert len(released) == 1
    assert released[0].first == 1_700_000_000_000 - 100_000 + 90_000
    assert released[0].last == 1_700_000_000_000 - 1_000
    assert decoder.stats.pending == 0
    assert decoder.stats.pending_decoded == 1
    assert decoder.stats.flows == 1


def test_template_released_by_same_datagram_data_follows() -> None:
    decoder = FlowDecoder()
    decoder.decode(_data(n=2), "10.0.0.1")
    both = v9([flowset(0, v9_template(256, V4_FIELDS)), flowset(256, v4_record())])
    assert len(decoder.decode(both, "10.0.0.1")) == 3


def test_template_scope_exporter_and_source_id() -> None:
    decoder = FlowDecoder()
    decoder.decode(_tpl(source=1), "10.0.0.1")
    assert len(decoder.decode(_data(source=1), "10.0.0.1")) == 1
    assert decoder.decode(_data(source=2), "10.0.0.1") == []  # other source id
    assert decoder.decode(_data(source=1), "10.0.0.2") == []  # other exporter
    assert decoder.stats.unknown_template == 2
    # The other exporter's template does not release 10.0.0.1's waiting data.
    assert decoder.decode(_tpl(source=1), "10.0.0.2") != []
    assert decoder.stats.exporters["10.0.0.1"].pending == 1


def test_v9_and_ipfix_templates_do_not_mix() -> None:
    decoder = FlowDecoder()
    decoder.decode(_tpl(), "10.0.0.1")
    data = ipfix([flowset(256, v4_record())])
    assert decoder.decode(data, "10.0.0.1") == []
    assert decoder.stats.unknown_template == 1


def test_template_redefinition_takes_effect() -> None:
    decoder = FlowDecoder()
    decoder.decode(_tpl(), "10.0.0.1")
    swapped = ((12, 4), (8, 4), *V4_FIELDS[2:])  # same id, addresses swapped
    decoder.decode(v9([flowset(0, v9_template(256, swapped))]), "10.0.0.1")
    (rec,) = decoder.decode(_data(), "10.0.0.1")
    assert (rec.src_addr, rec.dst_addr) == (0xC0000201, 0x0A000001)
    assert decoder.stats.templates == 1


def test_ipfix_withdrawal_one_and_all() -> None:
    decoder = FlowDecoder()
    tpl = [flowset(2, ipfix_template(256, V4_FIELDS) + ipfix_template(257, V4_FIELDS))]
    decoder.decode(ipfix(tpl), "10.0.0.1")
    assert decoder.stats.templates == 2
    decoder.decode(ipfix([flowset(2, b"\x01\x00\x00\x00")]), "10.0.0.1")  # withdraw 256
    assert decoder.decode(ipfix([flowset(256, v4_record())]), "10.0.0.1") == []
    assert len(decoder.decode(ipfix([flowset(257, v4_record())]), "10.0.0.1")) == 1
    decoder.decode(ipfix([flowset(2, b"\x00\x02\x00\x00")]), "10.0.0.1")  # withdraw all (id 2)
    assert decoder.stats.templates == 0
    assert decoder.stats.templates_withdrawn == 2
    assert decoder.decode(ipfix([flowset(257, v4_record())]), "10.0.0.1") == []


def test_template_expires_on_injected_clock_and_refresh_keeps_it() -> None:
    clock = Clock()
    decoder = FlowDecoder(clock=clock, template_ttl=60)
    decoder.decode(_tpl(), "10.0.0.1")
    clock.now += 50
    decoder.decode(_tpl(), "10.0.0.1")  # refresh
    clock.now += 50
    assert len(decoder.decode(_data(), "10.0.0.1")) == 1
    clock.now += 61
    assert decoder.decode(_data(), "10.0.0.1") == []
    assert decoder.stats.templates_expired == 1
    assert decoder.stats.templates == 0


def test_pending_buffer_is_bounded_by_count() -> None:
    decoder = FlowDecoder(max_pending=8)
    for i in range(100):
        decoder.decode(_data(template_id=300 + i), "10.0.0.1")
    assert decoder.stats.pending == 8
    assert decoder.stats.pending_dropped == 92
    # The newest waiting sets survive: template 399's data is released, 300's is gone.
    assert len(decoder.decode(_tpl(399), "10.0.0.1")) == 1
    assert decoder.decode(_tpl(300), "10.0.0.1") == []


def test_pending_buffer_is_bounded_by_bytes_and_memory_stays_flat() -> None:
    decoder = FlowDecoder(max_pending=10_000)
    big = v9([flowset(256, v4_record() * 1400)])  # ~45 KB per set
    tracemalloc.start()
    for i in range(200):
        decoder.decode(big, f"10.0.{i % 4}.1")
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert decoder._pending.bytes <= MAX_BYTES
    assert size < 2 * MAX_BYTES
    assert decoder.stats.pending_dropped > 100


def test_pending_sets_age_out() -> None:
    clock = Clock()
    decoder = FlowDecoder(clock=clock)
    decoder.decode(_data(), "10.0.0.1")
    clock.now += PENDING_TTL + 1
    assert decoder.decode(_tpl(), "10.0.0.1") == []
    assert decoder.stats.pending == 0
    assert decoder.stats.pending_dropped == 1


def test_pending_disabled() -> None:
    decoder = FlowDecoder(max_pending=0)
    decoder.decode(_data(), "10.0.0.1")
    assert decoder.stats.pending == 0
    assert decoder.stats.pending_dropped == 1


def test_template_bomb_in_one_datagram_is_cut_at_the_cap() -> None:
    decoder = FlowDecoder()
    bomb = v9([flowset(0, b"".join(v9_template(256 + i, V4_FIELDS) for i in range(1400)))])
    decoder.decode(bomb, "10.0.0.66")
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == "too_many_templates"
    assert decoder.stats.templates == MAX_TEMPLATES_PER_DATAGRAM
    assert decoder.stats.exporters["10.0.0.66"].malformed["too_many_templates"] == 1


def test_template_bomb_evicts_the_bomber_not_the_others() -> None:
    decoder = FlowDecoder(max_templates=64)
    decoder.decode(_tpl(256), "10.0.0.1")  # a quiet exporter
    for start in range(0, 1408, 64):  # the bomb spread over datagrams below the per-datagram cap
        ids = range(256 + start, 256 + start + 64)
        decoder.decode(v9([flowset(0, b"".join(v9_template(i, V4_FIELDS) for i in ids))]), "b")
    assert decoder.stats.templates == 64
    assert decoder.stats.templates_evicted == 1408 - 63
    assert decoder.stats.exporters["b"].templates == 63
    assert len(decoder.decode(_data(256), "10.0.0.1")) == 1


def test_one_exporter_holds_at_most_its_share_of_templates() -> None:
    decoder = FlowDecoder()  # room for 1024 in all
    for start in range(0, 1024, 64):
        ids = range(256 + start, 256 + start + 64)
        decoder.decode(v9([flowset(0, b"".join(v9_template(i, V4_FIELDS) for i in ids))]), "b")
    assert decoder.stats.exporters["b"].templates == MAX_TEMPLATES_PER_EXPORTER
    assert decoder.stats.templates_evicted == 1024 - MAX_TEMPLATES_PER_EXPORTER


def test_thousands_of_template_ids_over_many_datagrams_stay_bounded() -> None:
    decoder = FlowDecoder(max_templates=256)
    tracemalloc.start()
    # 8,000 distinct templates first (the parse caches fill up to their bounds), then 8,000 more.
    for batch in range(125):
        ids = range(256 + batch * 64, 256 + (batch + 1) * 64)
        decoder.decode(v9([flowset(0, b"".join(v9_template(i, V4_FIELDS) for i in ids))]), "a")
    first, _ = tracemalloc.get_traced_memory()
    for batch in range(125, 250):
        ids = range(256 + batch * 64, 256 + (batch + 1) * 64)
        decoder.decode(v9([flowset(0, b"".join(v9_template(i, V4_FIELDS) for i in ids))]), "a")
    second, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert decoder.stats.templates == 256
    assert second < first * 1.2


def test_exporters_are_bounded() -> None:
    decoder = FlowDecoder()
    for i in range(MAX_EXPORTERS + 50):
        decoder.decode(_data(), f"10.1.{i // 256}.{i % 256}")
    assert len(decoder.stats.exporters) == MAX_EXPORTERS
    assert decoder.stats.exporters_evicted == 50
    assert decoder.stats.pending == MAX_EXPORTERS  # the evicted exporters' data went with them
    assert "10.1.0.0" not in decoder.stats.exporters


def test_junk_from_many_addresses_never_evicts_a_working_exporter() -> None:
    """Headers that are not flow data create no state; valid-looking ones only evict idlers."""
    clock = Clock()
    decoder = FlowDecoder(clock=clock)
    decoder.decode(_tpl(), "192.0.2.1")  # a real exporter sends its template once
    assert len(decoder.decode(_data(), "192.0.2.1")) == 1
    for i in range(5000):
        decoder.decode(b"\x00\x09\x01", f"10.2.{i // 256}.{i % 256}")  # three-byte junk
    assert len(decoder.stats.exporters) == 1
    for i in range(5000):  # 20-byte v9 headers with nothing behind: state, but no flows
        decoder.decode(v9([]), f"10.3.{i // 256}.{i % 256}")
        clock.now += 0.01
    assert len(decoder.stats.exporters) == MAX_EXPORTERS
    assert "192.0.2.1" in decoder.stats.exporters
    assert len(decoder.decode(_data(), "192.0.2.1")) == 1


def test_busy_exporters_are_not_evicted_for_newcomers() -> None:
    clock = Clock()
    decoder = FlowDecoder(clock=clock)
    for i in range(MAX_EXPORTERS):
        decoder.decode(
            v9([flowset(0, v9_template(256, V4_FIELDS)), flowset(256, v4_record())]), f"e{i}"
        )
    assert decoder.decode(v9([]), "newcomer") == []
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == "exporters_full"
    assert decoder.stats.exporters_refused == 1
    clock.now += 7201  # two hours later nobody has sent flows: the newcomer gets a slot
    decoder.decode(v9([]), "newcomer")
    assert "newcomer" in decoder.stats.exporters
    assert decoder.stats.exporters_evicted == 1


def test_export_and_import_state_survive_a_restart() -> None:
    clock = Clock()
    first = FlowDecoder(clock=clock)
    first.decode(_tpl(), "10.0.0.1")
    state = first.export_state()
    second = FlowDecoder(clock=clock)
    second.import_state(state)
    assert len(second.decode(_data(), "10.0.0.1")) == 1
    assert second.stats.import_rejected == 0
    # Restored templates keep their age: they still expire on time.
    clock.now += 7201
    third = FlowDecoder(clock=clock)
    third.import_state(state)
    assert third.stats.templates == 0


def test_options_state_survives_a_restart() -> None:
    sets = [
        flowset(1, v9_options_template(300, [(2, 4)], [(34, 4), (82, 8)])),
        flowset(300, struct.pack("!II", 7, 64) + b"wan0\0\0\0\0"),
    ]
    first = FlowDecoder()
    first.decode(v9(sets, source=3), "10.0.0.1")
    state = json.loads(json.dumps(first.export_state()))  # what a JSON store gives back
    second = FlowDecoder()
    second.import_state(state)
    assert second.interface_names("10.0.0.1") == {7: "wan0"}
    second.decode(_tpl(source=3), "10.0.0.1")
    (rec,) = second.decode(_data(source=3), "10.0.0.1")
    assert (rec.sampling_interval, rec.packets) == (64, 640)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(JSON, st.integers(0, 5))
def test_import_state_tolerates_garbage(garbage: Any, where: int) -> None:
    """Whatever a corrupted store returns, import_state counts and skips; nothing raises."""
    good = FlowDecoder()
    good.decode(_tpl(), "10.0.0.1")
    state = good.export_state()
    entry = state["exporters"]["10.0.0.1"]
    targets: list[tuple[Any, Any]] = [
        (state, "exporters"), (entry, "templates"), (entry, "domains"), (entry, "if_names"),
        (entry["templates"][0], 5), (entry["templates"][0], 1),
    ]  # fmt: skip
    container, key = targets[where]
    container[key] = garbage
    decoder = FlowDecoder()
    decoder.import_state(state)
    decoder.import_state(garbage)
    assert decoder.stats.templates <= 1
    decoder.decode(_data(), "10.0.0.1")  # and the decoder still works


def test_full_template_table_of_largest_templates_is_small() -> None:
    """1024 templates of 256 fields each (the caps), every plan compiled: a few MB."""
    decoder = FlowDecoder(max_templates=1024)
    fields = [(1000 + i, 1 + i % 8) for i in range(MAX_FIELDS)]
    record = bytes(sum(n for _f, n in fields))
    tracemalloc.start()
    for i in range(1024):  # four exporters at their own cap of 256
        datagram = v9([flowset(0, v9_template(256 + i, fields)), flowset(256 + i, record)])
        assert len(decoder.decode(datagram, f"10.0.0.{i // MAX_TEMPLATES_PER_EXPORTER}")) == 1
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert decoder.stats.templates == 1024
    assert size < 16 * 1024 * 1024


def test_reannounced_and_flapping_templates_compile_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """256-field templates re-announced with data: the plan is compiled once per definition."""
    from custom_components.netwatch.engine.flow import state

    state.compiled_plan.cache_clear()
    built: list[int] = []
    real = state.DataPlan

    def counting(version: int, template_id: int, fields: Any) -> Any:
        built.append(template_id)
        return real(version, template_id, fields)

    monkeypatch.setattr(state, "DataPlan", counting)
    decoder = FlowDecoder()
    wide = [(1000 + i, 1 + i % 8) for i in range(MAX_FIELDS)]
    other = [*wide[:-1], (9999, 4)]
    for i in range(100):  # the same template id, alternating between two definitions
        fields = wide if i % 2 else other
        record = bytes(sum(n for _f, n in fields))
        datagram = v9([flowset(0, v9_template(300, fields)), flowset(300, record)])
        assert len(decoder.decode(datagram, "10.0.0.1")) == 1
    assert built == [300, 300]


def test_one_byte_template_bomb_is_cut_at_the_record_cap() -> None:
    decoder = FlowDecoder()
    tiny = v9_template(300, [(4, 1)])  # protocol only: 1 byte per record
    datagram = v9([flowset(0, tiny), flowset(300, bytes(60000))])
    flows = decoder.decode(datagram, "10.0.0.1")
    assert len(flows) == MAX_RECORDS_PER_DATAGRAM
    assert decoder.stats.malformed["too_many_records"] == 1
