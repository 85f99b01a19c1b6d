"""How news copy names people: titles before a name, particles inside one, reporters' jobs.

One list per class for every reader of names: the cleaner's bylines and datelines and the
rules provider's speakers and outlets. Words are written as a title or a particle is;
each reader chooses whether case matters.
"""

from __future__ import annotations

# Titles written short before a name, with or without a full stop: "Col. Wayne Marotto",
# "Dr Rami Haddouch", "Supt. Ana Vela".
TITLES = (
    *("Col", "Lt", "Maj", "Gen", "Brig", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Dr"),
    *("Mr", "Mrs", "Ms", "Prof", "Rev", "Sen", "Rep", "Gov", "Insp", "Det", "Supt"),
)
# Small words inside a person's name: "Yahya al-Hudai", "Ursula von der Leyen".
NAME_PARTICLES = ("al", "el", "de", "da", "der", "van", "von", "bin", "ibn", "la", "le")
# A reporter's job, under a byline or after a name: "Middle East correspondent", "Staff Writer".
NEWSROOM_JOBS = (
    *("correspondent", "reporter", "editor", "writer", "journalist", "producer", "contributor"),
    "columnist",
)

__all__ = ["NAME_PARTICLES", "NEWSROOM_JOBS", "TITLES"]
