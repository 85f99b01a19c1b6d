"""Word lists and patterns for the rules provider: event triggers, titles, roles, channels.

These are general news-writing conventions (wire-style reporting), never phrases taken
from a particular article.
"""

from __future__ import annotations

import re

from summarizer.language.dates import WEEKDAY
from summarizer.language.names import NEWSROOM_JOBS, TITLES
from summarizer.schema import Channel, EventKind

# -- events ---------------------------------------------------------------------------------

# (kind, pattern). Order is priority when two triggers overlap in a sentence.
EVENT_TRIGGERS: list[tuple[EventKind, str]] = [
    (
        EventKind.suicide_bombing,
        r"suicide[- ](?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|vests?|car[- ]bomb\w*|blasts?)"
        r"|blew (?:himself|herself|themselves) up",
    ),
    (
        EventKind.remote_explosive,
        r"IEDs?|improvised explosive devices?|roadside bombs?|land ?mines?|car[- ]bombs?"
        r"|booby[- ]trap\w*|explosive devices?|sticky bombs?|magnetic bombs?|bomb[- ]laden"
        r"|planted (?:a |an )?(?:bomb|explosive)s?"
        r"|(?:bomb|explosive)s? (?:exploded|went off|detonated)"
        r"|bombings?",
    ),
    (
        EventKind.air_or_drone_strike,
        r"air ?strikes?|air raids?|aerial (?:bombardment|bombing|attacks?)"
        r"|drone (?:strikes?|attacks?)|(?:armed|attack|kamikaze) drones?"
        r"|drones? (?:struck|hit|targeted)"
        r"|warplanes?|fighter jets?|helicopter gunships?"
        r"|(?:aircraft|jets|planes|helicopters) (?:\w+ )?(?:bombed|struck|hit|pounded|attacked)"
        r"|drones?(?! (?:footage|images?|videos?|pictures?|operators?|pilots?|makers?|industry))",
    ),
    (
        EventKind.shelling_artillery_missile_attack,
        r"rockets?|mortars?|shell(?:s|ing|ed)|artillery|missiles?|katyushas?|projectiles?"
        r"|counter-battery",
    ),
    (
        EventKind.abduction,
        r"kidnapp?(?:ed|ing|ings|ers?|s)?|abduct(?:ed|ion|ions|ing|ors?|s)?|taken hostage"
        r"|held hostage|hostage-taking|(?:taking|took|seized|holding|hold) (?:\w+ ){1,3}hostages?",
    ),
    (
        EventKind.arrest,
        r"arrest(?:ed|s|ing)?|detained|detaining|taken into custody|apprehended|rounded up"
        r"|(?:were|was|are|is|remain(?:ed)?) (?:being held )?in (?:police )?custody",
    ),
    (
        EventKind.armed_clash,
        r"clash(?:es|ed)?|fighting|gun ?fights?|gun battles?|firefights?|exchanged fire"
        r"|exchange of fire|skirmish(?:es)?|fierce battles?|(?:counter-?)?offensives?"
        r"(?! (?:remarks?|language|comments?|posts?|material|content|behaviou?r|words?))",
    ),
    (
        EventKind.riot,
        r"(?<!anti-)riot(?:s|ing|ers|ed)?(?! (?:police|gear|squad|control|shields?|officers|units?"
        r"|act|charges?))|looting|looted|torched|set fire to (?:cars|shops|buildings|tyres"
        r"|tires|vehicles|mattresses)|rampag(?:e|ed|ing)",
    ),
    (
        EventKind.protest,
        r"protest(?:s|ers|ed|ing)?|demonstrat(?:ors|ion|ions|ed)|rall(?:y|ies|ied)|sit-ins?"
        r"|(?-i:march(?:ed|es|ing|ers)?)|roadblocks?|blockades?"
        r"|blocked (?:the |a |an )?(?:main )?(?:road|highway|street|bridge|junction|entrance)s?"
        r"|chant(?:ed|ing)|took to the streets|staged a (?:\w+ )?(?:sit-in|walkout|vigil)"
        r"|went on strike|hunger strikes?|walk-?outs?|walked out"
        r"|striking (?:\w+ )?(?:workers|nurses|doctors|teachers|miners|drivers|staff|dockers"
        r"|employees|farmers|students)",
    ),
    (
        EventKind.attack,
        r"shooting|shot dead|shot and killed|gunm[ae]n|opened fire|raid(?:s|ed)?|stormed"
        r"|grenade attacks?|(?:threw|hurled|lobbed|tossed) (?:\w+ )?(?:hand )?grenades?"
        r"|fired (?:on|at|into) (?:a |the )?(?:crowds?|residents|villagers|protesters|civilians"
        r"|worshippers|voters|people|passengers|students|police|soldiers|troops|vehicles?|cars?"
        r"|bus(?:es)?)"
        r"|stabb(?:ing|ed)|ambush(?:ed)?|assassinat\w+|massacre\w*|lynch\w*",
    ),
    (
        EventKind.agreement,
        r"cease-?fires?|truce|peace (?:deal|agreement|accord|treaty)"
        r"|(?:signed|reached|struck|sealed|agreed(?: on)?) (?:a |an |the )?(?:\w+ ){0,2}"
        r"(?:deal|agreement|accord|pact)|agreements?|accords?",
    ),
    (
        EventKind.troop_movement,
        r"deploy(?:ed|ing|ment|ments|s)?|redeploy\w*|withdr(?:aw|ew|awn|awal|awing|aws)"
        r"|pull(?:ed|ing|s)? out (?:of|its|their|his|her|all|troops|forces|soldiers)\b"
        r"|reinforcements|sent (?:more )?(?:troops|forces|soldiers)"
        r"|mass(?:ed|ing) (?:\w+ )?(?:troops|forces|soldiers|tanks)|(?:troop|military) build-?up"
        r"|build-?up of (?:troops|forces)",
    ),
    (
        EventKind.disaster_or_accident,
        r"earthquakes?|quakes?|tremors?|aftershocks?|flash floods?|flood(?:s|ing|ed|waters)?"
        r"|overflowed|(?:burst|broke) (?:its|their) banks"
        r"|landslides?|mudslides?|wildfires?|forest fires?|blaze|fire broke out|caught fire"
        r"|fires? (?:at|in) (?:a|the)|fires?(?= (?:that |which )?(?:swept|ripped|tore|engulfed"
        r"|gutted|guts|destroyed|spread|raged|razed|burned|burnt|started))"
        r"|explosions?|blasts?|collaps(?:e|ed|es|ing)|gave way|caved in|crash(?:ed|es)?"
        r"|derail(?:ed|ment)|capsiz(?:e|ed)"
        # "the storm", not "tried to storm the building" (a verb: an assault, if anything)
        r"|(?<!\bto )storms?(?!\s+(?:the|a|an|its|their|into|through|past|across)\b)"
        r"|cyclones?|hurricanes?|typhoons?|tornado(?:es)?|tsunamis?|avalanches?"
        r"|(?:gas|chemical|chlorine|ammonia|toxic|fuel|oil|radiation|radioactive|methane"
        r"|carbon monoxide) (?:leaks?|spills?)|volcanic eruption|heatwave|heat wave"
        # Road, rail and boat accidents are written with their own verbs.
        r"|overturn(?:ed|s|ing)?|rolled over|plunged (?:into|off|down)|veered off|ran off the road"
        r"|collided|collisions?|head-on|pile-ups?|ploughed into|plowed into"
        r"|(?:boat|ferry|ship|vessel|dinghy|barge|canoe)s? (?:sank|went down)|ran aground"
        r"|stampedes?|drown(?:ed|ing|ings)"
        # rivers and rock: "burst its banks", "swept off a bridge", "a fresh fall of rock"
        r"|swept (?:away|off)|rock ?falls?|falls? of rock|rockslides?"
        r"|cave-ins?",
    ),
]
COMPILED_TRIGGERS = [
    (kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in EVENT_TRIGGERS
]
VIOLENT_KINDS = frozenset(
    {
        EventKind.suicide_bombing,
        EventKind.remote_explosive,
        EventKind.air_or_drone_strike,
        EventKind.shelling_artillery_missile_attack,
        EventKind.armed_clash,
        EventKind.attack,
    }
)
# A blast or explosion in an article about violence is the attack itself, not an accident.
GENERIC_DISASTER = re.compile(r"^(?:explosions?|blasts?|collaps\w*)$", re.IGNORECASE)
# Words that refer back to an incident without naming its kind.
ANAPHORA = re.compile(
    rf"\b(?:the|this|that|{WEEKDAY}'s|latest|deadly) (?:\w+ )?(?:attacks?|strikes?|assault"
    r"|incident|explosion|blast"
    r"|bombing|salvo|violence|disaster|accident|raid)\b",
    re.IGNORECASE,
)
# A new incident of a kind already seen.
SEPARATE_INCIDENT = re.compile(
    r"\b(?:(?:another|a second|a third)(?!\s+(?:\w+\s+)?(?:escort|guard|driver|man|woman"
    r"|person|soldier|officer|policeman|passenger|worker|victim|child|boy|girl|suspect"
    r"|member|hostage|journalist|civilian)s?\b)|a separate|separately|in a separate|elsewhere"
    r"|earlier"
    r" (?:that|the same) day|in a (?:related|linked|parallel) operation"
    r"|a (?:fresh|new|further) (?:\w+ )?(?:attacks?|strikes?|blasts?|explosions?|rock ?falls?"
    r"|falls?|landslides?|collapses?|aftershocks?|salvos?|barrages?|waves?|rounds? of|clashes"
    r"|shelling|raids?|fires?))\b",
    re.IGNORECASE,
)
# Background or habitual mentions, not the incident being reported.
BACKGROUND = re.compile(
    r"\b(?:last (?:year|month|week)|earlier this (?:year|month)|years? ago|months ago"
    r"|in the past|previously|a series of|series of|repeated(?:ly)?|frequent(?:ly)?|regularly"
    r"|since (?:taking office|then|the start)|the (?:first|second|third) time|history of"
    r"|in recent (?:years|months|weeks)|has (?:long )?been|have been (?:targeted|hit) (?:by|in)"
    r"|blames? (?:for|\w+ for)|frequently|routinely|(?:so far )?this year"
    r"|the (?:second|third|fourth|fifth|sixth|\w+th) (?:such |deadly |major )?(?:attack|strike"
    r"|incident|accident|explosion|blast|bombing|time)s?)\b",
    re.IGNORECASE,
)
WEAPON_WORDS = re.compile(
    r"\b(?:rockets?|mortars?|missiles?|shells?|drones?|bombs?|rounds|fire|artillery|gunfire"
    r"|explosives?|grenades?|bullets?)\b",
    re.IGNORECASE,
)

# -- people and organisations -----------------------------------------------------------------

# Honorifics kept with a name ("Col. Wayne Marotto").
HONORIFICS = (
    rf"(?:{'|'.join(TITLES)}|Lt\. Col|Lt\. Gen|Maj\. Gen|Brig\. Gen)\.?"
    r"|(?:Chief |Detective |Police )?(?:Inspector|Superintendent|Constable|Sergeant)"
    r"|Detective"
    r"|Colonel|General|Major|Captain|Sergeant|Admiral|Sheikh|Sheik|Imam|Ayatollah|Mullah"
)
# Role words that make an affiliation ("Coalition Spokesman", "Interior Minister").
ROLE_WORDS = (
    r"spokes(?:man|woman|person)|minister|secretary|president|prime minister|premier|governor"
    r"|mayor|commander|chief|head|director|official|officer|ambassador|envoy|adviser|advisor"
    r"|chairman|chairwoman|leader|lawmaker|MP|senator|deputy|general|colonel|analyst|expert"
    r"|researcher|witness|resident|doctor|coordinator|representative|agent|inspector|manager"
    rf"|founder|{'|'.join(NEWSROOM_JOBS)}|monitor|activist|member|emir|king|prince|sheikh|judge"
    r"|prosecutor|attorney|lawyer|mufti|cleric|principal|headmaster|headmistress|teacher"
    r"|commissioner|superintendent|sheriff|marshal|captain|constable|surgeon|nurse"
    r"|paramedic|medic|engineer|worker|owner|farmer|shopkeeper|trader|student|source|host"
    r"|operator|councillor|councilor|pastor|priest|bishop|scientist|professor"
    r"|magistrate|elder|driver|pensioner|volunteer|rescuer|stallholder|vendor"
)
# Men under arms, as every list of armed or security forces here names them.
TROOPS = r"troops|forces|soldiers|fighters"
# A party's own forces, by the kind of incident they carry out ("its warplanes struck").
OWN_FORCES_BY_KIND = {
    EventKind.air_or_drone_strike: r"aircraft|air force|drones?|jets|warplanes|helicopters",
    EventKind.shelling_artillery_missile_attack: r"artillery|gunners|rocket units|batteries",
}
OWN_FORCES = "|".join((TROOPS, "units|men|navy|officers|police", *OWN_FORCES_BY_KIND.values()))
# Head nouns of a speaker written in lower case ("state police", "regional health officials"),
# each also in the plural.
SPEAKER_NOUNS = re.compile(
    rf"\b(?:{ROLE_WORDS}|{TROOPS}"
    r"|police|authorit(?:y|ies)|ministry|department|office|government|army|military|council"
    r"|agency|service|group|union|company|firm|witnesses|observatory|committee|commission|court"
    r"|administration|directorate|command|hospital|firefighters|diplomats|organi[sz]ers"
    r"|protesters|villagers|relatives|family|families|survivors|neighbou?r|militants|rebels"
    r"|insurgents|militia|media|outlet|newspaper|broadcaster|network|spokes\w+|campaigners"
    r"|organi[sz]ation|movement|party|parties|opposition|coalition|alliance|bloc|mission|embassy"
    r"|team|crew|people|staff|parents|fans|supporters|club|federation|association|institute"
    r"|charity|agencies|companies)s?$",
    re.IGNORECASE,
)
NEWS_ORGS = re.compile(
    r"\b(?:Reuters|AFP|Agence France[- ]Presse|AP|(?:The )?Associated Press|BBC|CNN|Al[- ]Jazeera"
    r"|Al[- ]Arabiya|Sky News|Bloomberg|Xinhua|TASS|RIA|Interfax|Anadolu|DPA|EFE|ANSA|Kyodo|Yonhap"
    r"|NPR|CBS|NBC|ABC|Fox News|Rudaw|Kurdistan ?24|Asharq Al-Awsat|Haaretz)\b"
    r"|\b(?:[A-Z][\w.&'-]*\s+){0,3}(?:News|Times|Post|Press|Agency|Television|TV|Radio|Channel"
    r"|Network|Journal|Guardian|Telegraph|Tribune|Herald|Gazette|Daily|Magazine|Newspaper|Courier"
    r"|Observer|Chronicle|Mail|Express|Independent|Standard|Monitor|Dispatch|Bulletin|Wire"
    r"|Broadcasting|Media)\b"
)
CHANNEL_CUES: list[tuple[Channel, re.Pattern[str]]] = [
    (
        Channel.press_conference,
        re.compile(r"\b(?:press|news) conferences?\b|\bpresser\b", re.IGNORECASE),
    ),
    (
        Channel.tweet,
        re.compile(
            r"\b(?:in|on|via) (?:a |his |her |their |its )?(?:tweets?|post on X|posts? on X)\b"
            r"|\btweeted\b|\b(?:on|via) (?:X|Twitter)\b|\bwrote on (?:X|Twitter)\b"
            r"|\b(?:X|Twitter) (?:account|post)\b",
        ),
    ),
    (
        Channel.social_media_post,
        re.compile(
            r"\b(?:on|via|in a post on|in a video on|posted (?:on|to))"
            r" (?:its |his |her |their |the )?"
            r"(?:Telegram|Facebook|Instagram|TikTok|YouTube|WhatsApp|Truth Social|Threads"
            r"|social media|VKontakte|Weibo)\b|\bTelegram channel\b|\bFacebook (?:page|post)\b"
        ),
    ),
    (Channel.interview, re.compile(r"\binterview(?:ed)?\b", re.IGNORECASE)),
    (
        Channel.told_reporters,
        re.compile(
            r"\btold (?:the )?(?:reporters|journalists|the press|the media"
            r"|(?:a|the) (?:\w+ )?briefing"
            r"|correspondents)\b|\b(?:at|during|in) (?:a|the|his|her|their) (?:\w+ )?briefing\b"
            r"|\b(?:to|with) (?:reporters|journalists)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Channel.statement,
        re.compile(
            r"\b(?:in|via|through|according to) (?:a|an|the|its|his|her|their) (?:\w+ ){0,2}"
            r"(?:statements?|communiqu[ée]s?|press releases?|letters?)\b"
            r"|\bstatement (?:said|issued|released)"
            r"|\bissued a statement\b|\bsaid in a\b.{0,30}\bstatement\b",
            re.IGNORECASE,
        ),
    ),
]
