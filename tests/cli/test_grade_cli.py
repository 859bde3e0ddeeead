import json

from conftest import run_cli

from scoring.cli import main
from scoring.core.dataset import load_sample
from scoring.core.pipeline import score
from scoring.core.scenario import preset


def test_one_row_per_graded_force_best_grade_first_and_replayable(capsys):
    first = run_cli("grade", "--samples", "400", "--seed", "5")
    assert first.returncode == 0, first.stderr
    assert "ranked apart are not graded" in first.stderr  # City of London, said on stderr
    assert main(["grade", "--samples", "400", "--seed", "5"]) == 0
    assert capsys.readouterr().out == first.stdout
    lines = first.stdout.strip().splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["code", "name", "score", "rank", "grade"]
    assert {"p_outstanding", "p_inadequate", "p_wrong", "cliff_edge", "p_intervention"} <= set(header)
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert len(rows) == 42
    order = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    grades = [order.index(r["grade"]) for r in rows]
    assert grades == sorted(grades)
    ds = load_sample()
    ranks = score(ds, preset("home_office_2021", ds.measure_of)).table["rank"]
    assert all(int(r["rank"]) == ranks[r["code"]] for r in rows)


def test_the_2026_framework_preset_grades_its_own_data_with_its_threshold(capsys):
    assert main(["grade", "--preset", "ppf_2026", "--format", "json", "--samples", "300"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dataset"] == "ppf-2026-charges"
    assert out["scenario"]["grading"]["thresholds"] == {"calls_999_10s": 90.0}
    assert out["grades"][0] == "Outstanding" and len(out["rows"]) == 42
    assert len(out["interventions_per_draw"]) == 300
    assert all(r["calls_999_10s_value"] is None for r in out["rows"])  # no figure is invented
    assert out["summary"]["rule"].startswith("Cut-offs on the score")


def test_a_scenario_file_sets_the_rule(tmp_path, capsys):
    ds = load_sample()
    s = preset("ppa_2005", ds.measure_of).with_section("grading", samples=300,
                                                        thresholds={"homicide": 12.0})  # fmt: skip
    path = tmp_path / "s.json"
    path.write_text(s.to_json())
    assert main(["grade", "--scenario", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["grades"] == ["Excellent", "Good", "Fair", "Poor"]
    assert [out["summary"]["published"][g] for g in out["grades"]] == [3, 18, 17, 4]
    assert {"homicide_meets", "homicide_p_meets_exact"} <= set(out["rows"][0])


def test_nothing_to_grade_and_bad_options_give_a_message_and_exit_status_2(capsys):
    for args, message in [(["--data", "ppf-2026"], "no weighted measure has figures yet"),
                          (["--samples", "10"], "--samples"), (["--seed", "-1"], "--seed"),
                          (["--preset", "ppf_2026", "--scenario", "x.json"], "not both")]:  # fmt: skip
        assert main(["grade", *args]) == 2
        out = capsys.readouterr()
        assert message in out.err and out.out == ""
