"""The order the engine reads each rule's facts in: cheap facts that often decide first.

Written by `bench/fact_order.py --write --rounds 1` from the measured cost and truth of every fact on
real, labelled and generated key results and objectives. It changes what is computed, never a
finding (facts are pure). A rule not listed is read in its own order, and facts a listing does
not name (a rule changed since) after those it names (`okrcoach.rubric.kinds.facts.reading_order`).
"""

# Per stage, per rule code: the rule's fact names in reading order, separated by spaces.
ORDER: dict[str, dict[str, str]] = {
    "key_result": {
        "OKR201": "placeholder has_target",
        "OKR202": "placeholder structured_target",
        "OKR203": "recurring_level impact_clause number_measures_result milestone new_people output_count milestone_with_result people_change service_level",
        "OKR204": "target_only_in_field",
        "OKR210": "inherited_time_frame time_frame",
        "OKR211": "deadline_outside_period",
        "OKR220": "unmeasured_work milestone output_count hiring impact_clause maintain tracking spending comparative_change people_change service_level",
        "OKR221": "output_count",
        "OKR222": "output_count impact_clause deliverable_cue has_deliverable recurring_output coverage_of_work done_work_count participation bare_deliverable coverage_state new_thing earned_media direction_only people_change service_level",
        "OKR223": "output_count impact_clause maintain hiring",
        "OKR224": "spending",
        "OKR225": "unmeasured_work impact_clause unnumbered milestone unmeasured_state capability feature_support people_change direction_only service_level",
        "OKR230": "maintain committed guardrail recurring_level",
        "OKR231": "recurring_level committed guardrail",
        "OKR232": "maintain bare_metric committed guardrail tracking",
        "OKR233": "tracking guardrail committed",
        "OKR234": "maintain recurring_level tracking service_level committed guardrail",
        "OKR235": "maintain recurring_level service_level tracking threshold_level committed guardrail",
        "OKR240": "unmeasured_work placeholder maintain recurring_level output_count service_level tracking spending placeholder_target absolute_target hiring new_count baseline_field has_deliverable coverage_state milestone participation guardrail done_work_count",
        "OKR241": "from_to relative_change baseline_field guardrail",
        "OKR250": "question reader_instruction wordless feeling_statement chatter lone_word",
        "OKR306": "compound",
        "OKR307": "ambiguous_metric",
        "OKR308": "direction_contradiction",
        "OKR309": "other_language",
    },
    "objective": {
        "OKR101": "not_a_result number_in_objective",
        "OKR103": "multi_sentence",
        "OKR104": "business_as_usual",
        "OKR105": "task_shaped",
        "OKR106": "not_a_result",
        "OKR309": "other_language",
    },
}
