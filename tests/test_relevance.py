"""The meeting-report relevance model: trained, reproducible, and weighing the right signals."""
from __future__ import annotations

import yaml

from corpus.evaluate import load_gold, load_relevance
from corpus.relevance_train import MODEL_PATH, held_out, labelled, train
from extract import extract
from extract.relevance import FEATURES, features, model


def test_shipped_model_is_what_training_on_the_labelled_articles_gives():
    shipped = yaml.safe_load(MODEL_PATH.read_text("utf-8"))
    fresh = train(labelled(load_gold(), load_relevance()))
    assert fresh["trained_on"] == shipped["trained_on"], "labels changed: run meetings train-relevance"
    for name in FEATURES:
        assert abs(fresh["weights"][name] - shipped["weights"][name]) < 1e-3, name


def test_held_out_split_is_stable_and_holds_out_both_classes():
    items = labelled(load_gold(), load_relevance())
    out = [i for i in items if held_out(i["id"])]
    assert 0.15 < len(out) / len(items) < 0.35
    assert {i["is_report"] for i in out} == {True, False}
    assert [held_out(i["id"]) for i in items] == [held_out(i["id"]) for i in items]


def test_every_signal_has_a_weight_and_the_committee_meeting_topic_combination_weighs_most():
    w = model()["weights"]
    assert set(w) == set(FEATURES)
    assert w["all_cues"] > 0 and w["committee"] > 0 and w["topic"] > 0


def test_a_steering_committee_on_another_subject_is_not_a_meeting_report():
    r = extract("On May 3, the Provincial Steering Committee for Flood Prevention held a meeting. "
                "The Chairman asked communes to reinforce dykes before the rainy season.", "en")
    assert r["meeting"]["is_report"] is False and r["meeting"]["relevance"] < 0.5


def test_a_short_steering_committee_meeting_on_digital_transformation_is_a_report():
    r = extract("Sáng 5/6, Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
                "tỉnh họp phiên thường kỳ. Đồng chí Trưởng ban yêu cầu các sở hoàn thành nhiệm vụ.", "vi")
    assert r["meeting"]["is_report"] is True and r["meeting"]["relevance"] >= 0.5


def test_features_stay_between_zero_and_one_however_long_the_text():
    text = "Руководящий комитет провёл заседание по цифровой трансформации. " * 200
    feats = features(text, "ru", None, {"officials": [{"role": "chair"}] * 30, "directives": [{}] * 40})
    assert set(feats) == set(FEATURES) and all(0.0 <= v <= 1.0 for v in feats.values())
