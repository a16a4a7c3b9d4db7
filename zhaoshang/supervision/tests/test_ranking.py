"""季排名: scoring by each normalisation on hand-computed data, publication, restatement,
change against the previous quarter, the command and who may do what through HTTP.

The data set, 2025 (ranked year to date, so Q2 means 1—6月):
- 红旗区: 签约 4月5日 30,000 万元, 开工 4月20日; 到位 6,000 万元 (5月1日).
- 长垣市: 签约 3月1日 10,000 万元 (未开工) and 5月1日 10,000 万元 (开工 6月1日);
  到位 12,000 万元 (6月15日).
- 卫滨区: 签约 4月10日 4,000 万元 (开工 4月20日) and 1月10日 1,000 万元 (未开工).
- the other nine counties: nothing (their 开工率 is undefined).
Rules used: 签约金额 50, 到位资金 30, 项目开工率 20, every other weight 0.
"""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from zhaoshang.projects import services
from zhaoshang.projects.choices import Stage, Status
from zhaoshang.projects.models import StageChange
from zhaoshang.regions.models import Region
from zhaoshang.supervision import periods, ranking
from zhaoshang.supervision.choices import Normalization
from zhaoshang.supervision.models import PublishedRanking, RankingConfig

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/supervision/rankings/"
WEIGHTS = dict.fromkeys(ranking.COMPONENT_KEYS, 0) | {
    "signed_investment": 50,
    "funds_arrived": 30,
    "start_rate": 20,
}
OTHERS = sorted(
    ["凤泉区", "牧野区", "新乡县", "获嘉县", "原阳县", "延津县", "封丘县", "卫辉市", "辉县市"]
)


@pytest.fixture
def signed(city_admin):
    def make(region_name, on, amount, started=None, funds=None, **fields):
        project = services.create_project(
            acting_user=city_admin,
            name=f"{region_name}{on}",
            region=Region.objects.get(name=region_name),
            stage=Stage.SIGNED,
            contract_date=on,
            contracted_investment=Decimal(amount),
            total_investment=Decimal(amount),
            initial_stage_date=on,
            **fields,
        )
        if started:
            services.change_stage(
                project, acting_user=city_admin, to_stage=Stage.UNDER_CONSTRUCTION, date=started
            )
        if funds:
            services.record_funds(
                project, acting_user=city_admin, date=funds[0], amount=Decimal(funds[1])
            )
        return project

    return make


@pytest.fixture
def data(signed):
    return {
        "红旗区": signed("红旗区", D(2025, 4, 5), 30000, D(2025, 4, 20), (D(2025, 5, 1), 6000)),
        "长垣市1": signed("长垣市", D(2025, 3, 1), 10000, None, (D(2025, 6, 15), 12000)),
        "长垣市2": signed("长垣市", D(2025, 5, 1), 10000, D(2025, 6, 1)),
        "卫滨区1": signed("卫滨区", D(2025, 4, 10), 4000, D(2025, 4, 20)),
        "卫滨区2": signed("卫滨区", D(2025, 1, 10), 1000),
    }


@pytest.fixture
def rules(city_admin):
    """Store 2025's rules, so that the previous quarter is ranked by the same ones."""

    def set_rules(normalization=Normalization.MIN_MAX):
        return ranking.set_config(
            2025, acting_user=city_admin, weights=WEIGHTS, normalization=normalization
        )

    return set_rules


def scores(result):
    return {row["name"]: row["score"] for row in result["rows"]}


def ranks(result):
    return {row["name"]: row["rank"] for row in result["rows"]}


# Scoring -------------------------------------------------------------------------------------


def test_default_weights_sum_to_100_and_cover_every_component():
    weights = ranking.default_weights()
    assert list(weights) == [c.key for c in ranking.COMPONENTS]
    assert sum(weights.values()) == 100


def test_min_max_scores_best_100_worst_0(data, rules):
    rules(Normalization.MIN_MAX)
    result = ranking.compute_ranking(periods.quarter(2025, 2), "region")
    # 签约 30,000/20,000/5,000/0 → 100, 66.67, 16.67, 0; 到位 6,000/12,000/0 → 50, 100, 0;
    # 开工率 100%/50%/50% → 100, 0, 0 (undefined elsewhere: 0).
    assert scores(result)["红旗区"] == 85.00  # 50 + 15 + 20
    assert scores(result)["长垣市"] == 63.33  # 33.33 + 30 + 0
    assert scores(result)["卫滨区"] == 8.33  # 8.33 + 0 + 0
    assert all(scores(result)[name] == 0 for name in OTHERS)
    row = result["rows"][0]
    assert row["name"] == "红旗区"
    assert row["components"]["start_rate"] == {
        "value": 100.0,
        "score": 100.0,
        "weight": 20,
        "points": 20.0,
    }
    assert row["components"]["signed_investment"]["value"] == 30000.0


def test_share_of_max_scores_value_over_the_best(data, rules):
    rules(Normalization.SHARE_OF_MAX)
    result = ranking.compute_ranking("2025Q2", "region")
    # 开工率 now 100/50/50 → 100, 50, 50.
    assert scores(result)["红旗区"] == 85.00
    assert scores(result)["长垣市"] == 73.33  # 33.33 + 30 + 10
    assert scores(result)["卫滨区"] == 18.33  # 8.33 + 0 + 10


def test_rank_method_scores_places_evenly_from_100_to_0(data, rules):
    rules(Normalization.RANK)
    result = ranking.compute_ranking("2025Q2", "region")
    # 签约: places 1, 2, 3 and 4 for the nine tied at zero, of 12 → 100, 90.91, 81.82, 72.73.
    # 到位: 长垣 1, 红旗 2, the rest tied 3rd → 100, 90.91, 81.82.
    # 开工率: only three defined → 红旗 100, 长垣 and 卫滨 tied 2nd of 3 → 50.
    assert scores(result)["红旗区"] == 97.27  # 50 + 27.27 + 20
    assert scores(result)["长垣市"] == 85.45  # 45.45 + 30 + 10
    assert scores(result)["卫滨区"] == 75.45  # 40.91 + 24.55 + 10
    assert scores(result)["辉县市"] == 60.91  # 36.36 + 24.55 + 0


def test_an_undefined_rate_scores_zero(data, rules):
    rules()
    result = ranking.compute_ranking("2025Q2", "region")
    other = next(row for row in result["rows"] if row["name"] == "辉县市")
    assert other["components"]["start_rate"] == {
        "value": None,
        "score": 0.0,
        "weight": 20,
        "points": 0.0,
    }


def test_all_equal_values_all_score_100(db, rules):
    rules()
    result = ranking.compute_ranking("2025Q2", "region")
    # Nothing anywhere: amounts are all 0 (equal → 100), rates undefined (0).
    assert set(scores(result).values()) == {80.0}


def test_equal_scores_share_a_rank_and_are_ordered_by_name(data, rules):
    rules()
    rows = ranking.compute_ranking("2025Q2", "region")["rows"]
    assert [r["rank"] for r in rows] == [1, 2, 3] + [4] * 9
    assert [r["name"] for r in rows[3:]] == OTHERS


def test_every_county_and_zone_is_ranked_even_without_projects(db):
    assert len(ranking.compute_ranking("2025Q2", "region")["rows"]) == 12
    assert len(ranking.compute_ranking("2025Q2", "zone")["rows"]) == 13


def test_zones_are_ranked_by_their_projects(signed, zone_a, rules):
    rules()
    signed("红旗区", D(2025, 4, 5), 30000, zone=zone_a)
    result = ranking.compute_ranking("2025Q2", "zone")
    assert result["rows"][0]["name"] == zone_a.name
    assert result["rows"][0]["rank"] == 1 and result["rows"][1]["rank"] == 2


def test_the_ranking_lists_the_projects_behind_each_component(data, rules):
    rules()
    result = ranking.compute_ranking("2025Q2", "region")
    county = Region.objects.get(name="长垣市").pk
    assert result["inputs"][county]["signed_investment"] == sorted(
        [data["长垣市1"].pk, data["长垣市2"].pk]
    )
    assert result["inputs"][county]["funds_arrived"] == [data["长垣市1"].pk]


def test_ranking_queries_do_not_grow_with_the_number_of_projects(
    data, rules, django_assert_max_num_queries
):
    rules()
    # figures_by: five aggregates and one query per list of projects behind a figure (12);
    # scopes and config: 2. Independent of the number of projects and scopes.
    with django_assert_max_num_queries(19):
        ranking.compute_ranking("2025Q2", "region", previous_ranks=False)


# Rules ---------------------------------------------------------------------------------------


def test_weights_must_sum_to_100():
    with pytest.raises(ValidationError) as exc:
        ranking.validate_weights(WEIGHTS | {"start_rate": 10})
    assert exc.value.messages == ["各项权重之和须为100，当前为90"]


def test_weights_must_be_non_negative_integers():
    with pytest.raises(ValidationError) as exc:
        ranking.validate_weights(WEIGHTS | {"start_rate": -20, "funds_arrived": 70})
    assert exc.value.messages == ["“项目开工率”的权重须为非负整数"]
    with pytest.raises(ValidationError):
        ranking.validate_weights(WEIGHTS | {"start_rate": 19.5, "funds_arrived": 30.5})


def test_a_year_without_rules_uses_the_defaults(db):
    config = ranking.config_for(2031)
    assert config.pk is None
    assert config.weights == ranking.default_weights()
    assert config.normalization == Normalization.MIN_MAX


def test_the_city_admin_edits_a_years_rules_on_the_page(login, city_admin):
    client = login(city_admin)
    assert client.get(f"{URL}config/2025/").status_code == 200
    form = {f"w_{k}": v for k, v in WEIGHTS.items()} | {"normalization": "rank"}
    response = client.post(f"{URL}config/2025/", form)
    assert response.status_code == 302
    config = RankingConfig.objects.get(year=2025)
    assert config.weights == WEIGHTS and config.normalization == "rank"
    assert config.updated_by == city_admin


def test_the_rules_page_refuses_weights_not_summing_to_100(login, city_admin):
    form = {f"w_{k}": v for k, v in WEIGHTS.items()} | {"normalization": "min_max"}
    response = login(city_admin).post(f"{URL}config/2025/", form | {"w_start_rate": 15})
    assert response.status_code == 200
    assert "各项权重之和须为100，当前为95" in response.content.decode()
    response = login(city_admin).post(f"{URL}config/2025/", form | {"w_start_rate": -5})
    assert "权重须为非负整数" in response.content.decode()
    assert not RankingConfig.objects.exists()


@pytest.mark.parametrize("user", ["officer_a", "leader", "city_staff"])
def test_only_the_city_admin_opens_the_rules_page(request, login, user):
    client = login(request.getfixturevalue(user))
    assert client.get(f"{URL}config/2025/").status_code == 403
    form = {f"w_{k}": v for k, v in WEIGHTS.items()} | {"normalization": "min_max"}
    assert client.post(f"{URL}config/2025/", form).status_code == 403
    assert not RankingConfig.objects.exists()


def test_the_rules_are_shown_with_the_ranking(login, leader, rules):
    rules(Normalization.SHARE_OF_MAX)
    page = login(leader).get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    assert "占最高值比例" in page
    assert "签约金额 50" in page and "项目开工率 20" in page
    assert "1—6月" in page  # the year-to-date rule is stated


# Publication and restatement -----------------------------------------------------------------


def test_publishing_freezes_the_ranking_and_a_later_edit_is_shown_as_a_restatement(
    data, rules, city_admin, login, officer_a
):
    rules()
    published = ranking.publish_ranking("2025Q2", "region", acting_user=city_admin)
    assert ranking.restatements(published) == []
    # The 红旗区 start is re-dated into July: it no longer started by 30 June.
    start = StageChange.objects.get(project=data["红旗区"], to_stage=Stage.UNDER_CONSTRUCTION)
    start.date = D(2025, 7, 5)
    start.save()

    published.refresh_from_db()
    assert scores(ranking.frozen(published))["红旗区"] == 85.00
    restated = ranking.restatements(published)
    assert [(r["name"], r["label"], r["old"], r["new"]) for r in restated] == [
        ("红旗区", "项目开工率", 100.0, 0.0),
        ("红旗区", "投产率", 0.0, None),  # no started project left to measure it on
    ]
    # 开工率 0/50/50 now: 红旗区 50 + 15 + 0 = 65, 长垣市 33.33 + 30 + 20 = 83.33.
    assert (restated[0]["old_rank"], restated[0]["new_rank"]) == (1, 2)
    assert restated[0]["new_score"] == 65.0

    page = login(officer_a).get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    table = page.split('id="ranking-table"')[1]
    assert "100.0%" in table.split("红旗区")[1].split("</tr>")[0]  # published value kept
    box = page.split('id="restatements"')[1].split("</table>")[0]
    assert "红旗区" in box and "项目开工率" in box and "100.0%" in box and "0.0%" in box


def test_a_published_ranking_ignores_later_rule_changes(data, rules, city_admin):
    rules()
    published = ranking.publish_ranking("2025Q2", "region", acting_user=city_admin)
    rules(Normalization.RANK)
    assert ranking.restatements(published) == []
    assert ranking.frozen(published)["config"]["normalization"] == "min_max"


def test_a_quarter_is_published_once(data, city_admin):
    ranking.publish_ranking("2025Q2", "region", acting_user=city_admin)
    with pytest.raises(ValidationError) as exc:
        ranking.publish_ranking("2025Q2", "region", acting_user=city_admin)
    assert exc.value.messages == ["2025年第二季度县(市、区)排名已发布，不能重复发布"]
    # Zones are a separate ranking.
    ranking.publish_ranking("2025Q2", "zone", acting_user=city_admin)
    assert PublishedRanking.objects.count() == 2


def test_a_quarter_still_running_cannot_be_published(db, city_admin):
    today = timezone.localdate()
    current = periods.quarter(today.year, (today.month - 1) // 3 + 1)
    with pytest.raises(ValidationError) as exc:
        ranking.publish_ranking(current, "region", acting_user=city_admin)
    assert exc.value.messages == [f"{current.label}尚未结束，不能发布排名"]


def test_recomputing_a_past_quarter_gives_the_same_ranking(data, rules, signed, city_admin):
    rules()
    before = ranking.compute_ranking("2025Q1", "region")
    # Everything below is dated after 31 March 2025: later signings, starts, funds, a withdrawal.
    signed("辉县市", D(2025, 8, 1), 80000, D(2025, 9, 1), (D(2025, 9, 2), 5000))
    services.change_stage(
        data["卫滨区2"],
        acting_user=city_admin,
        to_stage=Stage.UNDER_CONSTRUCTION,
        date=D(2025, 7, 1),
    )
    services.set_status(
        data["长垣市1"],
        acting_user=city_admin,
        status=Status.WITHDRAWN,
        reason="投资方战略调整",
        lost_to_region="无",
    )
    assert ranking.compute_ranking("2025Q1", "region") == before


# Change against the previous quarter ---------------------------------------------------------


def test_change_is_computed_against_the_previous_quarter(data, rules):
    rules()
    # 1—3月: 长垣 signed 10,000, 卫滨 1,000, nobody has funds (all 100) → 长垣 100, 卫滨 55,
    # 红旗 and the other nine 30, tied third.
    q1 = ranking.compute_ranking("2025Q1", "region")
    assert ranks(q1)["长垣市"] == 1 and ranks(q1)["卫滨区"] == 2 and ranks(q1)["红旗区"] == 3
    rows = {row["name"]: row for row in ranking.compute_ranking("2025Q2", "region")["rows"]}
    assert (rows["红旗区"]["previous_rank"], rows["红旗区"]["change"]) == (3, 2)
    assert (rows["长垣市"]["previous_rank"], rows["长垣市"]["change"]) == (1, -1)
    assert (rows["辉县市"]["previous_rank"], rows["辉县市"]["change"]) == (3, -1)


def test_change_follows_the_published_previous_quarter(data, rules, city_admin):
    rules()
    ranking.publish_ranking("2025Q1", "region", acting_user=city_admin)
    # 长垣's March signing is re-dated into April: recomputed, Q1 would now rank 卫滨 first.
    signing = StageChange.objects.get(project=data["长垣市1"], to_stage=Stage.SIGNED)
    signing.date = D(2025, 4, 2)
    signing.save()
    rows = {row["name"]: row for row in ranking.compute_ranking("2025Q2", "region")["rows"]}
    assert rows["长垣市"]["previous_rank"] == 1  # as published
    assert rows["卫滨区"]["previous_rank"] == 2


def test_the_page_marks_moves_up_and_down(data, rules, login, leader):
    rules()
    page = login(leader).get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    assert "▲2" in page and "▼1" in page


# Command -------------------------------------------------------------------------------------


def test_the_command_prints_the_ranking_table(data, rules):
    rules()
    out = StringIO()
    call_command("ranking", "2025Q2", stdout=out)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("名次"))
    assert all(label in header for label in ["总分", "签约金额", "项目开工率", "投产率"])
    first = next(line for line in lines if line.startswith("1 "))
    assert first.split()[:3] == ["1", "红旗区", "85.00"]
    assert "30,000.00" in first and "100.0%" in first
    assert sum(1 for line in lines if line.split()[0].isdigit()) == 12


def test_the_command_ranks_zones(db):
    out = StringIO()
    call_command("ranking", "2025Q2", "--zones", stdout=out)
    assert sum(1 for line in out.getvalue().splitlines() if line.split()[0].isdigit()) == 13


# Who may do what, through HTTP ---------------------------------------------------------------


def test_the_page_defaults_to_the_last_complete_quarter(login, leader):
    expected = ranking.last_complete_quarter()
    response = login(leader).get(URL)
    assert response.status_code == 200
    assert f"{expected.label}县(市、区)排名" in response.content.decode()


def test_an_unknown_period_falls_back_to_the_last_complete_quarter(login, leader):
    page = login(leader).get(URL, {"period": "2025-13", "scope": "city"}).content.decode()
    assert f"{ranking.last_complete_quarter().label}县(市、区)排名" in page


def test_an_officer_sees_a_published_ranking_and_cannot_publish(data, login, officer_a, city_admin):
    client = login(officer_a)
    page = client.get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    assert "排名尚未发布" in page and "ranking-table" not in page
    response = client.post(f"{URL}publish/", {"period": "2025Q2", "scope": "region"})
    assert response.status_code == 403
    assert not PublishedRanking.objects.exists()
    ranking.publish_ranking("2025Q2", "region", acting_user=city_admin)
    page = client.get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    assert "ranking-table" in page and "发布本期排名" not in page


@pytest.mark.parametrize("user", ["leader", "city_staff"])
def test_read_only_city_users_see_the_working_ranking_but_cannot_publish(request, login, user):
    client = login(request.getfixturevalue(user))
    page = client.get(URL, {"period": "2025Q2", "scope": "zone"}).content.decode()
    assert "ranking-table" in page and "发布本期排名" not in page
    response = client.post(f"{URL}publish/", {"period": "2025Q2", "scope": "zone"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        ranking.publish_ranking("2025Q2", "zone", acting_user=request.getfixturevalue(user))


def test_the_city_admin_publishes_from_the_page(data, login, city_admin):
    client = login(city_admin)
    page = client.get(URL, {"period": "2025Q2", "scope": "region"}).content.decode()
    assert "发布本期排名" in page
    response = client.post(f"{URL}publish/", {"period": "2025Q2", "scope": "region"}, follow=True)
    published = PublishedRanking.objects.get()
    assert (published.period_code, published.published_by) == ("2025Q2", city_admin)
    page = response.content.decode()
    assert "已发布2025年第二季度县(市、区)排名" in page
    assert 'id="published-list"' in page and "2025年第二季度" in page
    again = client.post(f"{URL}publish/", {"period": "2025Q2", "scope": "region"}, follow=True)
    assert "已发布，不能重复发布" in again.content.decode()
    assert PublishedRanking.objects.count() == 1


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(URL).status_code == 302
