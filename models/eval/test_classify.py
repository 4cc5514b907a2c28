"""Unit tests of the harness's own classification (`python3 -m unittest models.eval.test_classify`)."""

import unittest

from .classify import classify, headline, meets_target, summarize


class Classify(unittest.TestCase):
    def test_forwarded_order_is_allow_or_review_by_the_decision_header(self):
        body = {"order_id": "o-1", "seen_headers": {"x-risk-decision": "allow"}}
        self.assertEqual(classify(201, {}, body)[0], "allow")
        body = {"seen_headers": {"x-risk-decision": "review", "x-risk-reasons": "amount,new"}}
        self.assertEqual(classify(201, {}, body), ("review", "risk", ["amount", "new"]))
        self.assertEqual(classify(200, {"X-Risk-Decision": "review"}, {})[0], "review")

    def test_held_review_and_blocks_by_stage(self):
        held = {"decision": "review", "reasons": ["model_review"], "score": 0.3}
        self.assertEqual(classify(202, {}, held), ("review", "risk", ["model_review"]))
        self.assertEqual(classify(403, {}, {"reasons": ["model_high"]})[:2], ("block", "risk"))
        self.assertEqual(classify(403, {}, {"reasons": ["blacklist_ip"]})[1], "list")
        self.assertEqual(classify(403, {}, {"reasons": ["daily_limit_user"]})[1], "purchase_limit")
        self.assertEqual(classify(429, {}, {})[:2], ("block", "rate_limit"))

    def test_other_statuses_are_errors(self):
        self.assertEqual(classify(400, {}, {"error": "bad_order"})[:2], ("error", "http_400"))
        self.assertEqual(classify(502, {}, {})[0], "error")
        # A 202 that is not riskgate's held review is the shop's own answer: allow.
        self.assertEqual(classify(202, {}, {"status": "queued"})[0], "allow")

    def test_headline_and_target(self):
        recs = ([{"persona": "a", "label": "legit", "outcome": "allow", "stage": "risk",
                  "reasons": []}] * 199
                + [{"persona": "a", "label": "legit", "outcome": "block", "stage": "risk",
                    "reasons": ["model_high"]}]
                + [{"persona": "f", "label": "fraud", "outcome": "block", "stage": "rate_limit",
                    "reasons": ["rate_limited"]}] * 19
                + [{"persona": "f", "label": "fraud", "outcome": "allow", "stage": "risk",
                    "reasons": []}])
        per, h = summarize(recs)
        self.assertEqual(per["f"]["stages"], {"block:rate_limit": 19})
        self.assertEqual(h["legit_blocked_pct"], 0.5)
        self.assertEqual(h["fraud_caught_pct"], 95.0)
        self.assertTrue(meets_target(h))
        h2 = headline({"a": dict(per["a"], block=2, allow=198), "f": per["f"]})
        self.assertFalse(meets_target(h2))


if __name__ == "__main__":
    unittest.main()
