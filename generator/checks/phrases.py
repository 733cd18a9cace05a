"""The phrase sets a situation's parts may name (`find = "thanks"`): what each part of an email sounds like.

A situation file that needs other words lists them itself (`words = [...]`).
"""

from __future__ import annotations

PHRASES: dict[str, str] = {
    "enthusiasm": (
        r"\b(?:enthusias\w*|excited|excitement|eager\w*|keen to|thrilled|delighted|passionate about|"
        r"look(?:ing)? forward|(?:very|still|remain|really|genuinely) interested|"
        r"(?:strong|real|genuine|continued|keen) interest)\b"
    ),
    "skills": r"\b(?:skills?|experience|background|expertise|qualifications?|strengths?|abilit(?:y|ies))\b",
    "more-info": (
        r"\b(?:(?:additional|more|further|other) (?:information|details|materials?|references?|examples?)|"
        r"anything else|reach out|any (?:other )?questions)\b"
    ),
    "next-steps": (
        r"\b(?:look(?:ing)? forward|next steps?|hear(?:ing)? from you|working (?:together|with you)|"
        r"(?:next|further) (?:conversations?|discussions?|rounds?))\b"
    ),
    "thanks": r"\b(?:thank(?:s| you)|grateful|appreciat(?:e|ed|ion) (?:your|the|you)\b)",
    "status": r"\b(?:follow(?:ing)? up|updates?|status|where things stand|next steps?|decision)\b",
    "future": (
        r"\b(?:future (?:roles?|opportunit\w+|openings?|positions?|vacancies)|stay in touch|keep in touch|"
        r"keep me in mind|considered for)\b"
    ),
}
