"""AI-generated content labels, as China's 《人工智能生成合成内容标识办法》 and the mandatory
national standard GB 45438-2025 ask of synthesised audio (in force since 2025-09-01):

- an explicit label: a spoken notice at the start of every episode (`templates/label.txt.j2`),
  also shown on the pages and in the feeds' item descriptions;
- an implicit label: the file's metadata carries a JSON object named AIGC with the standard's
  elements (written into each MP3 as an ID3 TXXX frame with the description `AIGC`):
  Label (the content's AI-generated attribute: "1", generated or synthesised by AI),
  ContentProducer (name or code of who synthesised it), ProduceID (the producer's unique
  number for this content), ReservedCode1 (reserved, e.g. for a producer's integrity code),
  ContentPropagator (name or code of who distributes it), PropagateID (the distributor's unique
  number for it), ReservedCode2 (reserved, the distributor's).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from .config import Config

AIGC_FRAME = "AIGC"
AI_GENERATED = "1"  # the Label value for content generated or synthesised by AI


def aigc_json(config: Config, produce_id: str, propagate_id: str) -> str:
    """The implicit label: compact JSON, the standard's element names in its order."""
    producer = config.label.content_producer or config.show.author
    propagator = config.label.content_propagator or urlsplit(config.base_url).hostname or config.show.title
    element = {
        "Label": AI_GENERATED,
        "ContentProducer": producer,
        "ProduceID": produce_id,
        "ReservedCode1": "",
        "ContentPropagator": propagator,
        "PropagateID": propagate_id,
        "ReservedCode2": "",
    }
    return json.dumps(element, ensure_ascii=False, separators=(",", ":"))
