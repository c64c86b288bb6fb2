"""The wrap-up's fixed lists, after the I&R contact record (AIRS standards; the funder's service
data schedule): contact types, who is asking, how a need went, kinds of referral, follow-up
methods and the optional demographics, where "declined" is always an answer."""

from __future__ import annotations

CONTACT_TYPES = ("i_and_r", "information_only", "crisis", "hang_up", "wrong_number", "prank", "test")
NON_I_AND_R = frozenset({"hang_up", "wrong_number", "prank", "test"})  # no needs to record
INQUIRERS = ("self", "family_or_friend", "professional")
NEED_STATUSES = ("met", "partially_met", "unmet")
REFERRAL_KINDS = ("information", "referral", "warm_transfer", "advocacy", "direct_registration")
FOLLOW_UP_METHODS = ("phone", "sms", "email", "mail")
DECLINED = "declined"
DEMOGRAPHICS: dict[str, tuple[str, ...]] = {
    "age_group": ("under_18", "18_24", "25_44", "45_64", "65_plus", DECLINED),
    "gender": ("woman", "man", "non_binary", "another", DECLINED),
    "household": ("alone", "with_partner", "with_children", "other", DECLINED),
    "indigenous": ("yes", "no", DECLINED),
    "newcomer": ("yes", "no", DECLINED),
}
# What `close` may require (WRAPUP_REQUIRED): fields of the record, and "needs" (at least one,
# for contacts that are I&R).
REQUIRABLE = ("contact_type", "inquirer", "area", "needs", "consent_follow_up")
ATTEMPT_OUTCOMES = ("reached", "no_answer", "message_left")
FOLLOW_UP_OUTCOMES = ("needs_met", "partly_met", "not_met", "could_not_reach", "declined")
