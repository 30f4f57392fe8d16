"""The hub deployment files: deploy/z2jh/values.yaml is what the Zero to JupyterHub chart
accepts (its defaults merged in and its own schema, as helm does), its exchange hook mounts
what docs/hub.md says for each hub group, and the names (groups, settings, paths) agree
across the values, the image, the TLJH steps and docs/hub.md."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from traitlets.config import Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
Z2JH = ROOT / "deploy" / "z2jh"
CHART = Z2JH / "chart"
IMAGE = ROOT / "deploy" / "image"
TLJH = ROOT / "deploy" / "tljh"
DOC = ROOT / "docs" / "hub.md"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Git blob ids of the chart 4.4.0 files (deploy/z2jh/chart/README.md says where from).
CHART_BLOBS = {
    "values.schema.yaml": "bf546f66e82ad9dfcf22e49c3213dd12e3e672dd",
    "values.yaml": "9b86ffdcc70d2a164d47344d0b21dcc7980081df",
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def helm_merge(defaults: Any, override: Any) -> Any:
    """Values as helm sees them: maps merged key by key, anything else replaced by the
    user's value, and a user's null removing the chart's key."""
    if not (isinstance(defaults, dict) and isinstance(override, dict)):
        return override
    merged = dict(defaults)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = helm_merge(defaults.get(key), value)
    return merged


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return _load(Z2JH / "values.yaml")


@pytest.fixture(scope="module")
def merged(values: dict[str, Any]) -> dict[str, Any]:
    return helm_merge(_load(CHART / "values.yaml"), values)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = _load(CHART / "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _problems(validator: jsonschema.Draft7Validator, merged: dict[str, Any]) -> list[str]:
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(merged)
    ]


def test_the_chart_files_are_the_chart_s_own() -> None:
    for name, blob in CHART_BLOBS.items():
        data = (CHART / name).read_bytes()
        assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == blob, name
    notes = (CHART / "README.md").read_text(encoding="utf-8")
    assert all(blob in notes for blob in CHART_BLOBS.values())
    assert "BSD 3-Clause" in (CHART / "LICENSE").read_text(encoding="utf-8")


def test_the_values_pass_the_chart_schema(validator: Any, merged: dict[str, Any]) -> None:
    assert _problems(validator, merged) == []


def test_the_schema_check_catches_a_misspelt_or_mistyped_value(
    validator: Any, values: dict[str, Any]
) -> None:
    defaults = _load(CHART / "values.yaml")
    misspelt = helm_merge(defaults, helm_merge(values, {"singleuser": {"cpu": {"limt": 2}}}))
    mistyped = helm_merge(defaults, helm_merge(values, {"cull": {"timeout": "an hour"}}))
    assert any("limt" in problem for problem in _problems(validator, misspelt))
    assert any(problem.startswith("cull.timeout") for problem in _problems(validator, mistyped))


def test_the_values_pass_the_checks_in_the_chart_s_templates(
    values: dict[str, Any], merged: dict[str, Any]
) -> None:
    # The chart's templates (not its schema) refuse these: checked here the same way.
    assert "enabled" not in merged["rbac"] and "fsGid" not in merged["hub"]
    user = merged["singleuser"]
    assert not (
        user["cloudMetadata"]["blockWithIptables"]
        and user["networkPolicy"]["enabled"]
        and user["networkPolicy"]["egressAllowRules"]["cloudMetadataServer"]
    )
    for key, spec in values["singleuser"]["extraFiles"].items():
        assert "mountPath" in spec, key
        assert sum(field in spec for field in ("data", "stringData", "binaryData")) == 1, key
        if "data" in spec:
            assert Path(spec["mountPath"]).suffix in {".yaml", ".yml", ".json", ".toml"}, key


def _course(values: dict[str, Any]) -> dict[str, Any]:
    return values["custom"]["vigkit"]


def test_the_cohort_file_names_the_course_and_where_servers_see_the_exchange(
    values: dict[str, Any],
) -> None:
    course = _course(values)
    cohort = values["singleuser"]["extraFiles"]["vigkit-cohort"]
    assert cohort["mode"] == 0o444
    assert values["singleuser"]["extraEnv"]["VIGKIT_COHORT"] == cohort["mountPath"]
    settings = cohort["data"]
    assert set(settings) <= {"course", "exchange", "hub_hosts"}
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", settings["course"])
    assert (settings["course"], settings["exchange"]) == (course["course"], course["exchange"])
    # The kit may ask the hub's in-cluster address for the user's groups.
    assert settings["hub_hosts"] == ["hub"]
    hub_mounts = {m["name"]: m for m in values["hub"]["extraVolumeMounts"]}
    assert hub_mounts["vigkit-exchange"] == {
        "name": "vigkit-exchange",
        "mountPath": course["hubMount"],
        "readOnly": True,
    }
    claims = {
        v["name"]: v["persistentVolumeClaim"]["claimName"] for v in values["hub"]["extraVolumes"]
    }
    user_volume = values["singleuser"]["storage"]["extraVolumes"]["vigkit-exchange"]
    pvc = _load(Z2JH / "exchange-pvc.yaml")
    assert claims["vigkit-exchange"] == user_volume["persistentVolumeClaim"]["claimName"]
    assert pvc["metadata"]["name"] == claims["vigkit-exchange"]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_groups_accounts_and_the_server_role_agree(values: dict[str, Any]) -> None:
    course = _course(values)["course"]
    hub = values["hub"]["config"]
    groups = hub["JupyterHub"]["load_groups"]
    assert set(groups) == {f"{course}-supervisors", f"{course}-trainees"}
    members = {user for group in groups.values() for user in group["users"]}
    admins = set(hub["Authenticator"]["admin_users"])
    assert set(hub["Authenticator"]["allowed_users"]) == members | admins
    # Supervisors come from the group, never from being a hub admin.
    assert not admins & members
    assert set(_course(values)["pseudonyms"]) <= set(groups[f"{course}-trainees"]["users"])


def test_the_server_role_keeps_jupyterhub_s_scopes_and_adds_the_groups_one(
    values: dict[str, Any],
) -> None:
    # JupyterHub itself (the hub extra): its scope names, and its default server role, all
    # of whose scopes a redefined role must keep.
    from jupyterhub.roles import get_default_roles
    from jupyterhub.scopes import ScopeNotFound, _check_scopes_exist

    (default,) = [role for role in get_default_roles() if role["name"] == "server"]
    scopes = values["hub"]["loadRoles"]["server"]["scopes"]
    _check_scopes_exist(scopes)
    assert set(scopes) == {*default["scopes"], "read:users:groups!user"}
    with pytest.raises(ScopeNotFound):
        _check_scopes_exist(["read:users:group!user"])


def test_resources_network_and_culling(values: dict[str, Any]) -> None:
    user = values["singleuser"]
    assert 0 < user["cpu"]["guarantee"] < user["cpu"]["limit"]

    def gigabytes(size: str) -> float:
        return float(size.rstrip("G"))

    assert 1 <= gigabytes(user["memory"]["guarantee"]) < gigabytes(user["memory"]["limit"])
    egress = user["networkPolicy"]["egressAllowRules"]
    assert user["networkPolicy"]["enabled"]
    assert not (egress["nonPrivateIPs"] or egress["privateIPs"] or egress["cloudMetadataServer"])
    assert values["cull"]["enabled"] and not values["cull"]["users"]
    assert 0 < values["cull"]["timeout"] <= 4 * 3600


def test_every_extra_config_entry_is_python(values: dict[str, Any]) -> None:
    for key, code in values["hub"]["extraConfig"].items():
        compile(code, f"hub.extraConfig.{key}", "exec")


# ---------------------------------------------------------------- the exchange hook
@pytest.fixture
def start(values: dict[str, Any], merged: dict[str, Any], tmp_path: Path) -> Any:
    """``start(user, groups, previous_mounts)`` runs the hub's hook as KubeSpawner would
    and returns the server's mounts; the hub sees the exchange in ``tmp_path``."""
    settings = helm_merge(merged, {"custom": {"vigkit": {"hubMount": str(tmp_path)}}})

    def get_config(key: str, default: Any = None) -> Any:
        node: Any = settings
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    config = Config()
    code = values["hub"]["extraConfig"]["vigkit-exchange"]
    exec(
        compile(code, "hub.extraConfig.vigkit-exchange", "exec"),
        {"c": config, "get_config": get_config},
    )
    hook = config.KubeSpawner.pre_spawn_hook

    def run(user: str, groups: list[str], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        home = {"home": {"name": "home", "mountPath": "/home/jovyan"}}
        spawner = SimpleNamespace(
            user=SimpleNamespace(name=user, groups=[SimpleNamespace(name=g) for g in groups]),
            volume_mounts=previous if previous is not None else home,
            log=logging.getLogger("test-hub"),
        )
        hook(spawner)
        mounts: dict[str, Any] = spawner.volume_mounts
        assert mounts["home"] == home["home"]
        return {key: value for key, value in mounts.items() if key != "home"}

    return run


def _course_made(tmp_path: Path, *people: str) -> None:
    course = tmp_path / "vig-2027"
    course.mkdir()
    (course / "course.yaml").write_text("course: vig-2027\n", encoding="utf-8")
    for person in people:
        (course / "people" / person).mkdir(parents=True)


def test_a_trainee_s_server_holds_the_roster_and_their_own_folder_only(
    start: Any, tmp_path: Path
) -> None:
    _course_made(tmp_path, "T01", "T02")
    mounts = start("trainee1", ["vig-2027-trainees"])
    assert mounts == {
        "vigkit-roster": {
            "name": "vigkit-exchange",
            "subPath": "vig-2027/course.yaml",
            "mountPath": "/srv/vigkit/exchange/vig-2027/course.yaml",
            "readOnly": True,
        },
        "vigkit-own": {
            "name": "vigkit-exchange",
            "subPath": "vig-2027/people/T01",
            "mountPath": "/srv/vigkit/exchange/vig-2027/people/T01",
        },
    }
    assert "T02" not in json.dumps(mounts)


def test_a_supervisor_gets_the_whole_exchange_and_nobody_else_gets_any(
    start: Any, tmp_path: Path
) -> None:
    supervisor = start("supervisor1", ["vig-2027-supervisors"])
    assert supervisor == {
        "vigkit-exchange": {"name": "vigkit-exchange", "mountPath": "/srv/vigkit/exchange"}
    }
    _course_made(tmp_path, "T01")
    assert start("visitor", []) == {}
    assert start("trainee1", ["vig-2026-trainees"]) == {}


def test_nothing_is_mounted_that_kubernetes_would_have_to_make(
    start: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # No course yet: mounting course.yaml would make a folder of that name.
    assert start("trainee1", ["vig-2027-trainees"]) == {}
    assert "course.yaml yet" in caplog.text
    _course_made(tmp_path, "T01")
    # On the roster's volume but not in the pseudonym list, or no folder yet: roster only.
    assert set(start("trainee9", ["vig-2027-trainees"])) == {"vigkit-roster"}
    assert set(start("trainee2", ["vig-2027-trainees"])) == {"vigkit-roster"}
    assert "no folder people/T02" in caplog.text


def test_a_new_start_replaces_last_start_s_mounts(start: Any, tmp_path: Path) -> None:
    _course_made(tmp_path, "T01")
    home = {"home": {"name": "home", "mountPath": "/home/jovyan"}}
    as_trainee = start("trainee1", ["vig-2027-trainees"])
    left = start("trainee1", [], {**home, **as_trainee})
    assert left == {}


def test_a_bad_pseudonym_mounts_no_folder(values: dict[str, Any], tmp_path: Path) -> None:
    code = values["hub"]["extraConfig"]["vigkit-exchange"]
    config = Config()
    settings = {
        "course": "vig-2027",
        "exchange": "/srv/vigkit/exchange",
        "hubMount": str(tmp_path),
        "pseudonyms": {"mallory": "../T01"},
    }
    _course_made(tmp_path, "T01")
    namespace = {"c": config, "get_config": lambda key, default=None: settings}
    exec(compile(code, "hub.extraConfig.vigkit-exchange", "exec"), namespace)
    spawner = SimpleNamespace(
        user=SimpleNamespace(name="mallory", groups=[SimpleNamespace(name="vig-2027-trainees")]),
        volume_mounts={},
        log=logging.getLogger("test-hub"),
    )
    config.KubeSpawner.pre_spawn_hook(spawner)
    assert set(spawner.volume_mounts) == {"vigkit-roster"}


def test_the_hook_s_pseudonyms_are_the_kit_s(values: dict[str, Any]) -> None:
    from vigkit.coding.events import NAME_PATTERN

    code = values["hub"]["extraConfig"]["vigkit-exchange"]
    (pattern,) = re.findall(r're\.fullmatch\(r"([^"]+)"', code)
    assert f"^{pattern}$" == NAME_PATTERN.pattern


# ---------------------------------------------------------------- image, TLJH and the doc
def test_the_image_pins_every_dependency_within_its_range() -> None:
    pins = {}
    for line in (IMAGE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dependency in map(Requirement, project["dependencies"]):
        pinned = pins.get(canonicalize_name(dependency.name))
        assert pinned is not None, (
            f"{dependency.name} is not pinned in deploy/image/requirements.txt"
        )
        assert dependency.specifier.contains(pinned), f"{dependency.name}=={pinned} vs {dependency}"
    assert "jupyterhub" not in pins  # the base image's JupyterHub matches the chart's


def test_the_image_s_jupyter_settings(values: dict[str, Any]) -> None:
    server = json.loads((IMAGE / "jupyter_server_config.json").read_text(encoding="utf-8"))
    local = json.loads(
        (ROOT / "etc/jupyter/jupyter_server_config.json").read_text(encoding="utf-8")
    )
    # No news or update checks, as on a laptop; the root holds course, exchange and home.
    assert server["LabApp"] == local["LabApp"]
    assert server["ServerApp"]["root_dir"] == "/"
    assert "ip" not in server["ServerApp"]  # the spawner says where to listen
    dockerfile = (IMAGE / "Dockerfile").read_text(encoding="utf-8")
    course_dir = re.search(r"VIGKIT_COURSE_DIR=(\S+)", dockerfile)
    assert course_dir is not None
    # Trainees start on their own copy of the first notebook, copied from the course.
    start_page = Path(values["singleuser"]["defaultUrl"].removeprefix("/lab/tree"))
    own = start_page.parent
    assert (ROOT / "notebooks" / start_page.name).is_file()
    copy = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    assert f"cp -Rn {course_dir.group(1)}/notebooks/. {own}/" in copy
    assert own.parent == Path(values["singleuser"]["extraEnv"]["VIGKIT_WORKSPACE"]).parent
    assert re.search(r"^USER \$\{NB_UID\}$", dockerfile, re.MULTILINE)


def test_the_tljh_hub_settings(values: dict[str, Any]) -> None:
    # As TLJH loads it: after its own settings (here a group from tljh-config).
    config = Config()
    config.UserCreatingSpawner.user_groups = {"staff": ["it"]}
    code = (TLJH / "vigkit_hub_config.py").read_text(encoding="utf-8")
    exec(compile(code, "vigkit_hub_config.py", "exec"), {"get_config": lambda: config})
    groups = config.JupyterHub.load_groups
    assert groups == values["hub"]["config"]["JupyterHub"]["load_groups"]
    supervisors = f"{_course(values)['course']}-supervisors"
    assert config.UserCreatingSpawner.user_groups == {
        "staff": ["it"],
        supervisors: groups[supervisors]["users"],
    }
    (role,) = config.JupyterHub.load_roles
    assert (role["name"], set(role["scopes"])) == (
        "server",
        set(values["hub"]["loadRoles"]["server"]["scopes"]),
    )
    env = config.Spawner.environment
    assert env["VIGKIT_COHORT"] == values["singleuser"]["extraEnv"]["VIGKIT_COHORT"]
    assert (
        Path(env["VIGKIT_WORKSPACE"]).name
        == Path(values["singleuser"]["extraEnv"]["VIGKIT_WORKSPACE"]).name
    )
    assert config.Spawner.notebook_dir == env["VIGKIT_SERVER_ROOT"] == "/"
    install = (TLJH / "install.sh").read_text(encoding="utf-8")
    assert f"EXCHANGE={_course(values)['exchange']}\n" in install
    assert f"COURSE_DIR={env['VIGKIT_COURSE_DIR']}\n" in install
    assert 'install -d -o root -g "$SUPERVISORS" -m 2775 "$EXCHANGE"' in install


def test_the_doc_tljh_and_values_use_the_same_names(values: dict[str, Any]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    tljh = "\n".join(p.read_text(encoding="utf-8") for p in sorted(TLJH.iterdir()) if p.is_file())
    dockerfile = (IMAGE / "Dockerfile").read_text(encoding="utf-8")
    course = _course(values)
    env = values["singleuser"]["extraEnv"]
    course_dir = re.search(r"VIGKIT_COURSE_DIR=(\S+)", dockerfile)
    assert course_dir is not None
    names = [
        *values["hub"]["config"]["JupyterHub"]["load_groups"],
        *env,
        *env.values(),
        "VIGKIT_COURSE_DIR",
        course_dir.group(1),
        course["exchange"],
        "read:users:groups!user",
        "4.4.0",
    ]
    missing = [name for name in names if name not in doc]
    assert missing == [], f"docs/hub.md does not mention {missing}"
    # (the TLJH groups are checked where its settings are loaded, above)
    for shared in (
        "VIGKIT_COHORT",
        "VIGKIT_COURSE_DIR",
        course_dir.group(1),
        course["exchange"],
        "read:users:groups!user",
    ):
        assert shared in tljh, f"deploy/tljh does not use {shared}"
