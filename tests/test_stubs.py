"""Marked regions: parsing, lab.py generation, wrong versions."""

import pytest
from enginekit import SOLUTION
from hypothesis import given
from hypothesis import strategies as st

from cvlab.stubs import RegionError, apply_wrong, generate_lab, parse_regions


def test_regions_are_found_in_order_with_instructions():
    regions = parse_regions(SOLUTION)
    assert [r.name for r in regions] == ["add", "scale"]
    assert regions[0].instruction == ["Return the elementwise sum of a and b.", "Both are NumPy arrays of the same shape."]


def test_generated_lab_replaces_only_region_code():
    lab = generate_lab(SOLUTION)
    assert "np.asarray(a) + np.asarray(b)" not in lab
    assert "solution-only comment" not in lab, "comments inside a region belong to the solution"
    assert '# TODO(add): Return the elementwise sum of a and b.' in lab
    assert '    # | Both are NumPy arrays of the same shape.' in lab
    assert 'raise NotImplementedError("TODO(add): write this region")' in lab
    # Outside regions nothing changes: same lines before the first region and after the last.
    assert lab.split("# TODO(add)")[0] == SOLUTION.split("# BEGIN REGION add")[0]
    assert lab.endswith(SOLUTION.split("# END REGION scale\n")[1])
    compile(lab, "lab.py", "exec")


def test_wrong_version_is_indented_into_place():
    out = apply_wrong(SOLUTION, {"add": "x = 1\nreturn np.asarray(a) - b\n"})
    assert "    x = 1\n    return np.asarray(a) - b" in out
    compile(out, "wrong.py", "exec")


@pytest.mark.parametrize("source, message", [
    ("def f():\n    # BEGIN REGION a: do\n    return 1\n", "never closed"),
    ("def f():\n    # BEGIN REGION a: do\n    # BEGIN REGION b: x\n    return 1\n    # END REGION b\n    # END REGION a\n", "inside region"),
    ("def f():\n    # BEGIN REGION a: do\n    return 1\n    # END REGION b\n", "does not close"),
    ("def f():\n    # BEGIN REGION a: do\n    # END REGION a\n", "has no code"),
    ("def f():\n    # BEGIN REGION a: do\n    return 1\n    # END REGION a\n"
     "def g():\n    # BEGIN REGION a: do\n    return 1\n    # END REGION a\n", "used twice"),
    ("x = 1\n", "no '# BEGIN REGION"),
])
def test_malformed_regions_name_the_problem(source, message):
    with pytest.raises(RegionError, match=message):
        generate_lab(source)


def test_unknown_region_in_wrong_version_is_an_error():
    with pytest.raises(RegionError, match="unknown region"):
        apply_wrong(SOLUTION, {"nope": "return 1"})


@given(st.lists(st.text(alphabet="abcdefxyz =+1()", min_size=1, max_size=20), min_size=1, max_size=5))
def test_generation_keeps_every_line_outside_regions(lines):
    body = "\n".join(f"    {line}" for line in lines)
    source = f"def f():\n{body}\n    # BEGIN REGION r: compute\n    y = 2\n    # END REGION r\n{body}\n"
    lab = generate_lab(source)
    assert lab.count(body) == 2 or body in lab
    assert "y = 2" not in lab.replace(body, "")
