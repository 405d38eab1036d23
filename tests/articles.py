"""Small articles written for the tests, with drafts that answer them correctly."""

ARTICLE = (
    "Peru Buys Patrol Drones From Israel\n"
    "Peru has ordered 12 Hermes 900 drones from Israel's Elbit Systems, the defence ministry said. "
    "Deliveries are expected next year.\n"
    "Defence Minister Walter Astudillo praised the deal as vital for border security.\n"
    "Chile's foreign ministry criticised the purchase."
)

GOOD_DRAFT = {
    "summary": "Peru ordered 12 Hermes 900 drones from Elbit Systems.",
    "actors": [
        {"name": "Peru", "kind": "state"},
        {"name": "Elbit Systems", "kind": "company"},
        {"name": "Walter Astudillo", "kind": "person"},
        {"name": "Chile", "kind": "state"},
        {"name": "Israel", "kind": "state"},
    ],
    "acquisitions": [
        {"buyer": "Peru", "seller": "Elbit Systems", "system": "Hermes 900 drones", "quantity": 12,
         "status": "ordered", "sentence": 2},
    ],
    "stances": [
        {"holder": "Astudillo", "target": "the drone deal", "position": "support", "sentence": 4},
        {"holder": "Chile", "target": "Peru's drone purchase", "position": "oppose", "sentence": 5},
    ],
}


def draft(**changes) -> dict:
    return {**GOOD_DRAFT, **changes}
