"""Building cases for tests: a quiet baseline that each test changes a little."""

from __future__ import annotations

import copy
from typing import Any

from knowledge import Case, parse_case

QUIET: dict[str, Any] = {
    "format": "spinemets-case/1",
    "id": "t",
    "cancer": {"status": "known", "primary": "breast", "histology_confirmed": True,
               "established_metastases": True, "second_primary": False,
               "lymphoma_suspected": False},
    "pain": {"present": True, "regions": ["lumbar"], "severe_unremitting": False,
             "progressive": False, "nocturnal": False, "aggravated_by_straining": False,
             "localised_tenderness": False, "mechanical": False,
             "mechanical_assessed_seated": True, "radicular": False},
    "neurology": {"limb_weakness": False, "difficulty_walking": False, "sensory_change": False,
                  "bladder_bowel_dysfunction": False, "saddle_anaesthesia": False,
                  "cord_compression_signs": False, "rapidly_progressing": False,
                  "ambulatory": True, "frankel": "E"},
    "general": {"karnofsky": 80, "fit_for_surgery": True, "expected_survival_months": 24,
                "fever": False, "infection_risk": False, "mri_contraindicated": False,
                "spinal_metalwork": False},
    "disease": {"extraspinal_bone_metastases": 0, "vertebral_metastases": 1,
                "visceral_metastases": "none", "previous_radiotherapy_at_level": False},
}

MRI_LESION: dict[str, Any] = {
    "modality": "mri_whole_spine", "level": "T7", "escc": "1a", "lesion": "blastic",
    "collapse": "none", "alignment": "normal", "posterolateral": "none", "atypical": False,
}


def case_dict(**sections: Any) -> dict[str, Any]:
    """The quiet baseline with each given section's keys merged in.

    A section given as None is removed (all unknown); `imaging=` replaces imaging whole.
    A key given the value DROP is removed from its section.
    """
    data = copy.deepcopy(QUIET)
    for name, value in sections.items():
        if value is None:
            data.pop(name, None)
        elif isinstance(value, dict) and isinstance(data.get(name), dict) and name != "imaging":
            for key, item in value.items():
                if item is DROP:
                    data[name].pop(key, None)
                else:
                    data[name][key] = item
        else:
            data[name] = value
    return data


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()


def make_case(**sections: Any) -> Case:
    return parse_case(case_dict(**sections))


def mri(**fields: Any) -> dict[str, Any]:
    """A whole-spine MRI with a fully described low-scoring lesion, fields changed."""
    data = dict(MRI_LESION)
    for key, value in fields.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """The `spinemets` command run in-process: (exit status, stdout, stderr)."""
    import io
    import sys

    from assistant.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()
