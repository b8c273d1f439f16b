"""The shipped point catalogue: it validates, is complete, cautious, cited and searchable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tui.core import paths
from tui.core.points import (
    REGIONS,
    Catalogue,
    MapPlace,
    Point,
    check_catalogue,
    fold,
    load_catalogue,
)
from tui.core.problems import ProblemError

# The back-pain points added by issue 13, with a pinyin each resolves by.
NEW_POINTS = {
    "GV3": "yaoyangguan",
    "BL31": "shangliao",
    "BL32": "ciliao",
    "BL33": "zhongliao",
    "BL34": "xialiao",
    "BL36": "chengfu",
    "BL54": "zhibian",
    "BL62": "shenmai",
    "EX-B2": "jiaji",
    "EX-B7": "yaoyan",
}
REQUIRED = (
    *("GV20", "BL23", "BL40", "GB30", "GV14", "LI4", "BL42", "BL25", "BL52", "GV4"),
    *("BL57", "BL60", "SI3", "GB34", "KI3", "GB21", "SI11", "EX-UE7", "SP6", "BL67"),
    *("BL26", "BL24", "BL22", "BL21", "BL20", "BL18", "BL17", "BL15", "BL13"),
    *NEW_POINTS,
)
PREGNANCY = ("LI4", "SP6", "BL60", "BL67", "GB21", "BL31", "BL32", "BL33", "BL34")
LOWER_BACK_AND_SACRUM = (
    *("BL22", "BL23", "BL24", "BL25", "BL26", "BL52", "GV4", "GV3", "EX-B2", "EX-B7"),
)
SKIN = "never press on broken, bruised, swollen, inflamed or infected skin"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_catalogue_has_every_required_point(catalogue: Catalogue) -> None:
    codes = [p.code for p in catalogue]
    assert len(codes) >= 37
    assert [c for c in REQUIRED if c not in codes] == []


def test_codes_and_aliases_are_unique_and_resolve(catalogue: Catalogue) -> None:
    keys = [fold(k) for p in catalogue for k in (p.code, *p.aliases)]
    assert len(keys) == len(set(keys))
    for point in catalogue:
        for key in (point.code, *point.aliases, point.code.lower()):
            assert catalogue.require(key) is point


def test_li4_is_ap1_and_says_where_the_name_comes_from(catalogue: Catalogue) -> None:
    li4 = catalogue.require("ap1")
    assert li4.code == "LI4" and li4.pinyin == "Hégǔ" and li4.hanzi == "合谷"
    assert "Acupressure Point 1 (AP1)" in li4.notes
    assert "fleshy area between the thumb and index finger" in li4.notes
    assert "LI4 (Hegu) is the WHO standard" in li4.notes


def test_bl42_is_three_cun_out_and_the_notes_correct_near_the_spine(
    catalogue: Catalogue,
) -> None:
    bl42 = catalogue.require("BL42")
    assert "T3" in bl42.location and "3 B-cun" in bl42.location
    assert "near the spine" in bl42.notes and "BL13" in bl42.notes
    assert "1.5 B-cun" in catalogue.require("BL13").location


def test_inner_bladder_line_points_are_1_5_cun_out(catalogue: Catalogue) -> None:
    for code in ("BL13", "BL15", "BL17", "BL18", "BL20", "BL21", "BL22", "BL23", "BL24"):
        assert "1.5 B-cun (about two finger-widths)" in catalogue.require(code).location


@pytest.mark.parametrize("code", PREGNANCY)
def test_traditional_pregnancy_cautions(catalogue: Catalogue, code: str) -> None:
    point = catalogue.require(code)
    assert point.pregnancy == "avoid" and point.pregnancy_caution
    caution = next(c for c in point.cautions if "pregnancy" in c)
    assert "traditionally avoided in pregnancy" in caution.lower()
    assert "not from trial evidence" in caution
    assert point.pregnancy_text == caution


@pytest.mark.parametrize("code", LOWER_BACK_AND_SACRUM)
def test_lower_back_points_warn_against_strong_pressure_in_pregnancy(
    catalogue: Catalogue, code: str
) -> None:
    point = catalogue.require(code)
    assert point.pregnancy == "gentle"
    assert any("pregnancy" in c and "strong pressure" in c for c in point.cautions)


def test_points_without_a_pregnancy_caution_are_not_flagged(catalogue: Catalogue) -> None:
    for code in ("GV20", "SI3", "BL36", "BL54", "BL62", "KI3"):
        point = catalogue.require(code)
        assert point.pregnancy is None and not point.pregnancy_caution
        assert point.pregnancy_text == ""


def test_every_points_pregnancy_field_matches_its_cautions(catalogue: Catalogue) -> None:
    for point in catalogue:
        about = [c for c in point.cautions if "pregnan" in c.casefold()]
        if point.pregnancy is None:
            assert about == [], point.code
        elif point.pregnancy == "avoid":
            assert len(about) == 1, point.code
            assert "traditionally avoided in pregnancy" in about[0].casefold(), point.code
        else:
            assert point.pregnancy == "gentle", point.code
            assert len(about) == 1 and "strong pressure" in about[0], point.code
            assert "avoided in pregnancy" not in about[0].casefold(), point.code


def test_every_point_has_a_hold_bound_and_the_delicate_ones_are_short(
    catalogue: Catalogue,
) -> None:
    for point in catalogue:
        assert 10 <= point.max_hold_seconds <= 600, point.code
    # Over the popliteal vessels, the neck, the ankle: about a minute, never hard.
    for code in ("BL40", "KI3", "GV14", "BL62"):
        assert catalogue.require(code).max_hold_seconds <= 60, code
    assert catalogue.require("BL23").max_hold_seconds == 180  # 1 to 3 minutes


def test_gv20_is_found_with_the_ears_folded(catalogue: Catalogue) -> None:
    gv20 = catalogue.require("GV20")
    assert "Fold both ears forward" in gv20.how_to_find
    assert "halfway between the tops of the ears" in gv20.how_to_find
    assert "ears folded" in gv20.location and "WHO 2008" in gv20.location


def test_gb30_warns_against_deep_pressure_over_the_sciatic_nerve(catalogue: Catalogue) -> None:
    gb30 = catalogue.require("GB30")
    assert any("sciatic nerve" in c and "no deep" in c for c in gb30.cautions)
    assert "Deep pressure is fine" not in gb30.technique
    for code in ("BL36", "BL54"):
        assert any("sciatic nerve" in c for c in catalogue.require(code).cautions), code


@pytest.mark.parametrize(("code", "pinyin"), NEW_POINTS.items())
def test_new_points_validate_resolve_and_are_on_the_map(
    catalogue: Catalogue, code: str, pinyin: str
) -> None:
    point = catalogue.require(code)
    assert catalogue.require(code.lower()) is point
    assert catalogue.search(pinyin)[0] is point
    assert point.sources[0] == ("who1991" if code.startswith("EX-") else "who2008")
    assert point.map.marks and point.map.view in ("back", "sacrum", "leg")
    assert any("sciatic" in c or "pregnan" in c or SKIN in c.lower() for c in point.cautions)
    assert check_catalogue() == []


def test_bl60_has_one_hanzi_everywhere(catalogue: Catalogue) -> None:
    assert catalogue.require("BL60").hanzi == "崑崙"
    root = Path(__file__).resolve().parents[1]
    files = [root / "README.md", *root.glob("tui/**/*.*"), *root.glob("routines/*.toml")]
    files += [p for p in root.glob("tests/**/*.svg")]
    other = "昆" + "侖"
    assert [p.name for p in files if p.is_file() and other in p.read_text(errors="ignore")] == []


def test_bl40_caution_names_the_vessels_nerve_and_varicose_veins(catalogue: Catalogue) -> None:
    text = " ".join(catalogue.require("BL40").cautions).lower()
    for word in ("artery", "vein", "tibial nerve", "varicose veins", "gentle"):
        assert word in text


def test_neck_point_asks_for_light_pressure(catalogue: Catalogue) -> None:
    assert any("light pressure" in c for c in catalogue.require("GV14").cautions)


def test_every_point_warns_about_damaged_skin(catalogue: Catalogue) -> None:
    missing = [p.code for p in catalogue if not any(SKIN in c.lower() for c in p.cautions)]
    assert missing == []


def test_every_point_asks_for_gentle_pressure_on_blood_thinners(catalogue: Catalogue) -> None:
    for point in catalogue:
        assert any(
            "blood thinners" in c.lower() and "gentle pressure only" in c for c in point.cautions
        )


def test_points_on_the_spine_sacrum_and_hips_carry_the_bone_caution(
    catalogue: Catalogue,
) -> None:
    for point in catalogue:
        if point.region in ("upper-back", "lower-back", "sacrum", "buttock") and point.code not in (
            "SI11",
        ):
            assert any("osteoporosis" in c.casefold() for c in point.cautions), point.code


def test_every_meridian_point_cites_who_2008_and_ex_points_their_own(
    catalogue: Catalogue,
) -> None:
    for point in catalogue:
        if point.code.startswith("EX-"):
            assert "who1991" in point.sources and "who2008" not in point.sources
            assert "not one of the 361 meridian points in WHO 2008" in point.notes
        else:
            assert point.sources[0] == "who2008", point.code
    assert "978 92 9061 248 7" in catalogue.sources["who2008"]
    assert (
        "Proposed Standard International Acupuncture Nomenclature" in catalogue.sources["who1991"]
    )


def test_every_point_is_complete_and_labels_claims_as_traditional(catalogue: Catalogue) -> None:
    for point in catalogue:
        assert point.region in REGIONS
        assert len(point.location) > 40 and len(point.how_to_find) > 40
        text = f"{point.technique} {point.notes}"
        assert "raditional" in text, point.code
        assert point.pinyin != fold(point.pinyin), f"{point.code} pinyin has no tone marks"


def test_every_source_is_cited_by_some_point(catalogue: Catalogue) -> None:
    cited = {s for p in catalogue for s in p.sources}
    assert cited == set(catalogue.sources)


@pytest.mark.parametrize(
    ("query", "first"),
    [("hégǔ", "LI4"), ("hegu", "LI4"), ("HEGU", "LI4"), ("ap1", "LI4"), ("li4", "LI4"),
     ("shènshū", "BL23"), ("shenshu", "BL23"), ("kunlun", "BL60"), ("yaotongdian", "EX-UE7"),
     ("ex-ue7", "EX-UE7"), ("ub40", "BL40"), ("du20", "GV20")],
)  # fmt: skip
def test_search_puts_the_named_point_first(catalogue: Catalogue, query: str, first: str) -> None:
    assert catalogue.search(query)[0].code == first


def test_search_by_use_and_region(catalogue: Catalogue) -> None:
    sciatica = {p.code for p in catalogue.search("sciatica")}
    assert {"GB30", "BL40", "BL57", "GB34", "BL60"} <= sciatica
    assert "LI4" not in sciatica
    knee = {p.code for p in catalogue.search("knee")}
    assert {"BL40", "GB34"} <= knee and "BL23" not in knee


def test_unknown_code_suggests_close_ones(catalogue: Catalogue) -> None:
    assert "BL23" in catalogue.unknown_message("BL233")


def _damage(tmp_path: Path, code: str, old: str, new: str) -> tuple[Path, int, int]:
    """Copy the catalogue with *old* replaced by *new* in point *code*'s table.

    Returns the copy, the line of the change and the point's 0-based index.
    """
    source = paths.catalogue_file().read_text(encoding="utf-8")
    anchor = source.index(f'code = "{code}"\n')
    at = source.index(old, anchor)
    damaged = source[:at] + new + source[at + len(old) :]
    line = damaged[:at].count("\n") + 1
    index = damaged[:anchor].count("[[points]]") - 1
    path = tmp_path / "points.toml"
    path.write_text(damaged, encoding="utf-8")
    return path, line, index


def test_misspelt_field_names_the_file_line_and_the_right_spelling(tmp_path: Path) -> None:
    path, line, i = _damage(tmp_path, "GV20", "how_to_find =", "how_to_fnid =")
    with pytest.raises(ProblemError) as caught:
        load_catalogue(path)
    messages = [str(p) for p in caught.value.problems]
    assert (
        f"{path}:{line}: unknown field 'points[{i + 1}].how_to_fnid' "
        "(did you mean 'how_to_find'?)" in messages
    )
    # The missing field is reported too, at the start of the point's table.
    assert any(f"missing field 'points[{i + 1}].how_to_find'" in m for m in messages)


def test_unknown_source_id_is_located(tmp_path: Path) -> None:
    path, line, _ = _damage(tmp_path, "LI4", '"deadman2007"', '"deadmen2007"')
    with pytest.raises(ProblemError) as caught:
        load_catalogue(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: LI4: unknown source 'deadmen2007'"
    ]


def test_mark_outside_the_map_is_located(tmp_path: Path) -> None:
    path, line, _ = _damage(tmp_path, "LI4", "marks = [[5, 8]]", "marks = [[5, 80]]")
    with pytest.raises(ProblemError) as caught:
        load_catalogue(path)
    [problem] = caught.value.problems
    assert problem.line == line
    assert "LI4" in problem.message and "outside the 'hand' map" in problem.message


def test_duplicate_alias_is_reported(tmp_path: Path) -> None:
    path, _, _ = _damage(tmp_path, "LI4", 'aliases = ["AP1"]', 'aliases = ["UB13"]')
    with pytest.raises(ProblemError) as caught:
        load_catalogue(path)
    assert "'UB13' is already used by BL13" in str(caught.value)


def test_schema_and_point_have_the_same_fields() -> None:
    from tui.core.point_schema import MapPlaceRecord, PointRecord

    assert tuple(PointRecord.model_fields) == tuple(f.name for f in dataclasses.fields(Point))
    assert tuple(MapPlaceRecord.model_fields) == tuple(f.name for f in dataclasses.fields(MapPlace))


def test_quick_read_gives_the_same_points_as_the_full_check(catalogue: Catalogue) -> None:
    quick = load_catalogue(checked=False)
    assert quick.points == catalogue.points
    assert quick.sources == catalogue.sources
    assert (quick.checked, catalogue.checked) == (False, True)
    assert check_catalogue() == []


def test_quick_read_of_a_damaged_file_still_loads_and_the_check_finds_it(
    tmp_path: Path,
) -> None:
    path, line, _ = _damage(tmp_path, "LI4", 'region = "hand"', 'region = "elbow"')
    assert load_catalogue(path, checked=False).require("LI4").region == "elbow"
    [problem] = check_catalogue(path)
    assert problem.line == line and "region 'elbow' is not one of" in problem.message


def test_quick_read_of_a_misshapen_file_reports_like_the_full_check(tmp_path: Path) -> None:
    path, line, _ = _damage(tmp_path, "LI4", 'pinyin = "Hégǔ"', "pinyin = 4")
    with pytest.raises(ProblemError) as caught:
        load_catalogue(path, checked=False)
    assert [p.line for p in caught.value.problems] == [line]
    assert "pinyin" in str(caught.value)


def test_point_json_has_every_field_as_plain_values(catalogue: Catalogue) -> None:
    data = catalogue.require("LI4").to_json()
    assert list(data) == [f.name for f in dataclasses.fields(Point)]
    assert data["aliases"] == ["AP1"]
    assert data["map"] == {"view": "hand", "marks": [[5, 8]]}


def test_a_bad_pregnancy_value_and_a_missing_hold_bound_are_located(tmp_path: Path) -> None:
    path, line, i = _damage(tmp_path, "LI4", 'pregnancy = "avoid"', 'pregnancy = "never"')
    [problem] = check_catalogue(path)
    assert problem.line == line and f"points[{i + 1}].pregnancy" in problem.message
    path, _, i = _damage(tmp_path, "BL40", "max_hold_seconds = 60\n", "")
    [problem] = check_catalogue(path)
    assert f"missing field 'points[{i + 1}].max_hold_seconds'" in problem.message


def test_point_json_has_the_pregnancy_field_and_hold_bound(catalogue: Catalogue) -> None:
    assert catalogue.require("LI4").to_json()["pregnancy"] == "avoid"
    assert catalogue.require("BL23").to_json()["pregnancy"] == "gentle"
    assert catalogue.require("GV20").to_json()["pregnancy"] is None
    assert catalogue.require("BL40").to_json()["max_hold_seconds"] == 60
