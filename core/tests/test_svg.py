from core.svg import svg_number


def test_svg_numbers_have_one_decimal_a_dot_and_no_trailing_zero():
    assert svg_number(12) == "12"
    assert svg_number(12.04) == "12"
    assert svg_number(12.06) == "12.1"
    assert svg_number(-0.25) == "-0.2"
    assert svg_number(1234.5) == "1234.5"
