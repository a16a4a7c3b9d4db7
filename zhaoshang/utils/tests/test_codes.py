import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.utils.codes import (
    USCC_ALPHABET,
    normalize_uscc,
    uscc_check_char,
    validate_project_code,
    validate_uscc,
)

# Published codes of real companies (public business registrations).
REAL_USCC = ["91440300708461136T", "911100007109288314", "914403001922038216", "91110108551385082Q"]


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_credit_codes_are_accepted(code):
    validate_uscc(code)


def test_wrong_check_character_is_refused_naming_the_right_one():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91440300708461136A")
    assert "第18位应为 T" in exc.value.messages[0]


def test_wrong_length_is_refused_with_the_length():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("9144030070846113")
    assert "18位" in exc.value.messages[0] and "16位" in exc.value.messages[0]


def test_letters_outside_the_alphabet_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("9144030070846O136T")
    assert "不允许的字符" in exc.value.messages[0]


def test_pasted_code_with_spaces_and_lower_case_is_normalised():
    assert normalize_uscc(" 91110108551385082q ") == "91110108551385082Q"


body = st.tuples(
    st.text(alphabet=USCC_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(body)
def test_any_code_with_its_computed_check_character_validates(first17):
    validate_uscc(first17 + uscc_check_char(first17))


@given(body, st.sampled_from(USCC_ALPHABET))
def test_any_other_check_character_is_refused(first17, wrong):
    if wrong == uscc_check_char(first17):
        return
    with pytest.raises(ValidationError):
        validate_uscc(first17 + wrong)


def test_project_code_format():
    validate_project_code("2021-410700-28-03-012345")
    for bad in ["2021-410700-28-03-01234", "2021/410700-28-03-012345", "ABCD-410700-28-03-012345"]:
        with pytest.raises(ValidationError):
            validate_project_code(bad)
