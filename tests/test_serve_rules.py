"""The rules of ``acupress serve`` one at a time: sizes, terminal types, rates, people, folders,
host keys, and the confinement of a session's files to its own folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh")

from tui.core import confine  # noqa: E402
from tui.core.paths import resolve_journal  # noqa: E402
from tui.core.problems import ProblemError  # noqa: E402
from tui.core.settings import Settings, load_settings, updated  # noqa: E402
from tui.serve import session  # noqa: E402
from tui.serve.keys import (  # noqa: E402
    AuthorizedKeys,
    KeyFileError,
    load_host_key,
    parse_authorized_keys,
)
from tui.serve.limits import (  # noqa: E402
    FALLBACK_TERM,
    RateLimiter,
    address_key,
    clamp_size,
    term_type,
)

# --- sizes and terminals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "given"),
    [
        ((0, 0), (80, 24)),
        ((65535, 65535), (400, 200)),
        ((1, 1), (20, 6)),
        ((0, 50), (80, 50)),
        ((132, 43), (132, 43)),
    ],
)
def test_a_claimed_size_becomes_a_sane_one(
    claimed: tuple[int, int], given: tuple[int, int]
) -> None:
    assert clamp_size(*claimed) == given


@pytest.mark.parametrize(
    ("claimed", "given"),
    [
        ("xterm-256color", "xterm-256color"),
        ("tmux-256color", "tmux-256color"),
        ("linux", "linux"),
        ("xterm-kitty", "xterm-kitty"),
        ("", FALLBACK_TERM),
        (None, FALLBACK_TERM),
        ("../../../etc/passwd", FALLBACK_TERM),
        ("xterm\x1b]0;owned\x07", FALLBACK_TERM),
    ],
)
def test_only_known_terminal_types_are_passed_on(claimed: str | None, given: str) -> None:
    assert term_type(claimed) == given


# --- rates --------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_rate_limit_allows_a_burst_then_the_rate_per_address() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)
    assert [limiter.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("10.0.0.2")  # another address has its own bucket
    clock.now += 9.0  # six a minute: one more every ten seconds
    assert not limiter.allow("10.0.0.1")
    clock.now += 1.0
    assert limiter.allow("10.0.0.1")
    assert not limiter.allow("10.0.0.1")
    clock.now += 3600
    assert [limiter.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]


def test_the_rate_limiter_forgets_the_oldest_addresses_beyond_its_size() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=1, burst=1, max_addresses=100, clock=clock)
    assert limiter.allow("10.0.0.1")
    assert not limiter.allow("10.0.0.1")
    for n in range(200):
        limiter.allow(f"10.1.{n // 250}.{n % 250}")
    assert len(limiter._buckets) == 100
    assert limiter.allow("10.0.0.1")  # forgotten, so a fresh bucket


def test_one_ipv6_network_counts_as_one_address() -> None:
    assert (
        address_key("2001:db8:1:2::1")
        == address_key("2001:db8:1:2:ffff::9")
        == ("2001:db8:1:2::/64")
    )
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_key("192.0.2.7") == "192.0.2.7"
    assert address_key("fe80::1%eth0") == "fe80::/64"


# --- people -------------------------------------------------------------------------------------


def key_line(comment: str = "") -> tuple[str, str]:
    key = asyncssh.generate_private_key("ssh-ed25519")
    line = key.export_public_key().decode().strip()
    return (f"{line} {comment}" if comment else line), key.get_fingerprint("sha256")


def test_each_key_is_one_person_named_by_its_comment_or_fingerprint() -> None:
    alice, alice_fp = key_line("alice@laptop")
    anon, anon_fp = key_line()
    people, problems = parse_authorized_keys(f"# the clinic\n{alice}\n\n{anon}\n", "keys")
    assert problems == []
    assert sorted((p.name, p.fingerprint) for p in people.values()) == sorted(
        [("alice@laptop", alice_fp), (anon_fp, anon_fp)]
    )


def test_a_persons_folder_is_named_from_the_fingerprint_never_the_comment() -> None:
    line, fingerprint = key_line("../../../../etc/cron.d/x")
    (person,) = parse_authorized_keys(line, "keys")[0].values()
    assert person.name == "../../../../etc/cron.d/x"  # shown, never used as a path
    assert person.folder.startswith("sha256-")
    assert set(person.folder) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
    )
    assert person.folder.removeprefix("sha256-").replace("-", "+").replace("_", "/") == (
        fingerprint.removeprefix("SHA256:")
    )


def test_a_comment_with_control_characters_is_shown_escaped() -> None:
    line, _ = key_line("mallory\x1b]0;owned\x07\u202e")
    (person,) = parse_authorized_keys(line, "keys")[0].values()
    assert "\x1b" not in person.name and "\x07" not in person.name and "\u202e" not in person.name
    assert person.name.startswith("mallory\\x1b]0;owned\\x07")


def test_lines_acupress_cannot_honour_are_refused_with_their_line() -> None:
    alice, _ = key_line("alice")
    text = "\n".join(
        [
            alice,
            f'from="10.0.0.0/8" {alice.replace("alice", "restricted")}',
            "ssh-ed25519 not-base64 junk",
            "hello",
            alice.replace("alice", "alice again"),
        ]
    )
    people, problems = parse_authorized_keys(text, "authorized_keys")
    assert [p.name for p in people.values()] == ["alice"]
    assert [(p.line, p.message.split(";")[0].split(" (")[0]) for p in problems] == [
        (2, "key options are not supported by acupress serve"),
        (3, "not a public key acupress can use"),
        (4, "not a public key"),
        (5, "the same key as 'alice'"),
    ]
    assert all(str(p).startswith(f"authorized_keys:{p.line}: ") for p in problems)


def test_the_authorized_keys_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "authorized_keys"
    people = AuthorizedKeys(path)
    assert people.refresh() == [] and len(people) == 0  # no file yet: nobody
    first, _ = key_line("alice")
    path.write_text(first + "\n")
    people.refresh()
    assert len(people) == 1
    second, _ = key_line("bob")
    path.write_text(first + "\n" + second + "\n")
    people.refresh()
    assert len(people) == 2
    path.unlink()
    people.refresh()
    assert len(people) == 0


# --- host key -----------------------------------------------------------------------------------


def test_the_host_key_is_made_once_private_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "server" / "host_key"
    key, created = load_host_key(path)
    assert created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert key.get_algorithm() == "ssh-ed25519"
    again, created = load_host_key(path)
    assert not created
    assert again.get_fingerprint() == key.get_fingerprint()


def test_a_host_key_others_can_read_or_that_is_broken_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "host_key"
    load_host_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match=r"may be read by others \(mode 0644\); run: chmod 600"):
        load_host_key(path)
    path.write_text("not a key")
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a usable private key"):
        load_host_key(path)
    with pytest.raises(KeyFileError, match="must be a regular file"):
        load_host_key(tmp_path)


# --- folders and environment ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "x\0y"])
def test_a_person_folder_needs_a_safe_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a safe folder name"):
        session.person_folder(tmp_path, name)


def test_a_persons_folder_holds_four_private_xdg_folders(tmp_path: Path) -> None:
    home = session.person_folder(tmp_path, "sha256-abc")
    assert home == tmp_path / "people" / "sha256-abc"
    for sub in ("config", "data", "state", "cache"):
        assert stat.S_IMODE((home / sub).stat().st_mode) == 0o700
    env = session.app_environment(home, "xterm", guest=False)
    assert env["XDG_DATA_HOME"] == str(home / "data")
    assert env[confine.ENV] == env["HOME"] == str(home)
    assert "ACUPRESS_GUEST" not in env


def test_the_app_environment_inherits_nothing_from_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("ACUPRESS_JOURNAL", "/etc/passwd")
    env = session.app_environment(tmp_path, "xterm", guest=True)
    assert env["ACUPRESS_GUEST"] == "1"
    assert not {"AWS_SECRET_ACCESS_KEY", "ACUPRESS_JOURNAL", "SSH_AUTH_SOCK"} & set(env)
    assert set(env) - {"PYTHONPATH"} == {
        "HOME",
        "PATH",
        "TERM",
        "LANG",
        "LC_ALL",
        "ACUPRESS_CONFINE",
        "ACUPRESS_GUEST",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    }


def test_guest_folders_of_processes_that_are_gone_are_swept(tmp_path: Path) -> None:
    mine = session.new_guest_folder(tmp_path)
    assert mine.name.startswith(f"{os.getpid()}-")
    gone = tmp_path / "999999999-dead"
    (gone / "data").mkdir(parents=True)
    assert session.sweep_guest_folders(tmp_path) == 1
    assert mine.is_dir() and not gone.exists()
    session.remove_guest_folder(mine)
    assert not mine.exists()


# --- confinement ----------------------------------------------------------------------------------


@pytest.fixture
def confined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    monkeypatch.setenv(confine.ENV, str(home))
    monkeypatch.chdir(home)
    return home


def test_nothing_is_confined_outside_a_served_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(confine.ENV, raising=False)
    assert confine.check(Path("/etc/passwd")) is None


def test_paths_inside_the_folder_are_allowed_and_every_way_out_is_refused(
    confined: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.toml"
    (confined / "data" / "link").symlink_to(outside)
    (confined / "data" / "loop").symlink_to(confined / "data" / "loop")
    assert confine.check(confined / "data" / "journal.toml") is None
    assert confine.check(Path("data/journal.toml")) is None  # relative to the session's folder
    for escape in (
        outside,
        Path("/etc/passwd"),
        confined / ".." / "x.toml",
        Path("../x.toml"),
        confined / "data" / "link",
        Path(str(confined) + "-sibling") / "x.toml",
    ):
        problem = confine.check(escape)
        assert problem is not None, escape
        assert "outside your own folder" in problem.message
    problem = confine.check(confined / "data" / "loop")
    assert problem is not None and "not used" in problem.message


def test_a_journal_setting_outside_the_folder_is_a_problem_and_no_journal_is_used(
    confined: Path, tmp_path: Path
) -> None:
    config = confined / "config.toml"
    config.write_text(f'journal = "{tmp_path / "elsewhere.toml"}"\nbell = false\n')
    settings, problems = load_settings(config)
    assert settings.journal is None
    assert settings.bell is False
    assert [(p.line, "outside your own folder" in p.message) for p in problems] == [(1, True)]
    # The resolver never swaps a journal setting it could not use for another journal.
    with pytest.raises(ProblemError, match="outside your own folder"):
        resolve_journal(configured=settings.journal, settings_problems=problems)
    with pytest.raises(ValueError, match=r"journal: .*outside your own folder"):
        updated(Settings(), journal=Path("/tmp/x.toml"))
    assert updated(Settings(), journal=confined / "j.toml").journal == confined / "j.toml"


def test_no_journal_outside_the_folder_is_resolved_however_it_is_named(
    confined: Path, tmp_path: Path
) -> None:
    target = tmp_path / "not-mine.toml"
    target.write_text("version = 1\n")
    link = confined / "data" / "journal.toml"
    link.symlink_to(target)
    for explicit, environ, configured in (
        (None, {confine.ENV: str(confined)}, link),  # a symlink out of the folder
        (None, {confine.ENV: str(confined), "ACUPRESS_JOURNAL": str(target)}, None),
        (str(target), {confine.ENV: str(confined)}, None),
    ):
        with pytest.raises(ProblemError, match="outside your own folder") as caught:
            resolve_journal(explicit, environ=environ, configured=configured)
        assert caught.value.problems[0].field == "journal"
    inside = confined / "data" / "mine.toml"
    assert resolve_journal(configured=inside).path == inside
    assert resolve_journal(configured=link, environ={}).path == link  # not served: anything goes
    assert target.read_text() == "version = 1\n"
