"""The checker behind tests/sql_scope.py tells a query pinned to one clinic from one that is not,
on the statements Django writes (issue 20, item 2)."""

from __future__ import annotations

import pytest
from tests.sql_scope import check

PINNED = [
    'SELECT "clinic_patient"."id" FROM "clinic_patient" WHERE "clinic_patient"."clinic_id" = %s',
    'SELECT "clinic_patient"."id" FROM "clinic_patient" WHERE ("clinic_patient"."clinic_id" IN '
    '(%s, %s) AND "clinic_patient"."voided_at" IS NULL)',
    # a join ON the key and the clinic (SameClinicForeignKey), from a pinned table
    'SELECT 1 FROM "clinic_treatmentsession" INNER JOIN "clinic_patient" ON '
    '("clinic_treatmentsession"."patient_id" = "clinic_patient"."id" AND '
    '("clinic_patient"."clinic_id" = ("clinic_treatmentsession"."clinic_id"))) '
    'WHERE "clinic_treatmentsession"."clinic_id" = %s',
    # a subquery pinned in its own WHERE
    'SELECT 1 FROM "clinic_followup" WHERE ("clinic_followup"."clinic_id" = %s AND '
    '"clinic_followup"."session_id" IN (SELECT U0."id" FROM "clinic_treatmentsession" U0 '
    'WHERE U0."clinic_id" = %s))',
    'UPDATE "clinic_followup" SET "reminded_at" = %s WHERE ("clinic_followup"."clinic_id" = %s '
    'AND "clinic_followup"."id" = %s)',
    # the staff directory is a reference table
    'SELECT 1 FROM "clinic_membership" WHERE "clinic_membership"."user_id" = %s',
    'INSERT INTO "clinic_patient" ("clinic_id", "given_name") VALUES (%s, %s)',
]

UNPINNED = [
    ('SELECT 1 FROM "clinic_patient" WHERE "clinic_patient"."id" = %s', "clinic_patient"),
    # joined by the key alone
    (
        'SELECT 1 FROM "clinic_treatmentsession" INNER JOIN "clinic_patient" ON '
        '("clinic_treatmentsession"."patient_id" = "clinic_patient"."id") '
        'WHERE "clinic_treatmentsession"."clinic_id" = %s',
        "clinic_patient",
    ),
    # a clinic named on one side of an OR pins nothing
    (
        'SELECT 1 FROM "clinic_patient" WHERE ("clinic_patient"."clinic_id" = %s OR '
        '"clinic_patient"."id" = %s)',
        "clinic_patient",
    ),
    # the outer table is pinned, the subquery's is not
    (
        'SELECT 1 FROM "clinic_followup" WHERE ("clinic_followup"."clinic_id" = %s AND '
        '"clinic_followup"."session_id" IN (SELECT U0."id" FROM "clinic_treatmentsession" U0 '
        'WHERE U0."patient_id" = %s))',
        "clinic_treatmentsession",
    ),
    (
        'UPDATE "clinic_followup" SET "reminded_at" = %s WHERE "clinic_followup"."id" = %s',
        "clinic_followup",
    ),
    ('DELETE FROM "clinic_photo" WHERE "clinic_photo"."id" IN (%s)', "clinic_photo"),
]


@pytest.mark.parametrize("sql", PINNED)
def test_it_passes_a_statement_that_names_its_clinic(sql: str) -> None:
    assert check(sql) is None


@pytest.mark.parametrize(("sql", "table"), UNPINNED)
def test_it_names_the_table_a_statement_leaves_unpinned(sql: str, table: str) -> None:
    found = check(sql)

    assert found is not None
    assert found.tables == (table,)


def test_a_statement_differing_only_in_how_many_values_it_lists_is_the_same_statement() -> None:
    one = check('SELECT 1 FROM "clinic_photo" WHERE "clinic_photo"."id" IN (%s) LIMIT 21')
    three = check('SELECT 1 FROM "clinic_photo" WHERE "clinic_photo"."id" IN (%s, %s, %s) LIMIT 5')

    assert one is not None
    assert three is not None
    assert one.fingerprint == three.fingerprint
