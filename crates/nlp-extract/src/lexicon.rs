//! Word lists: action verbs that start imperatives, and verb lemmatisation.

/// Verbs that, at the start of a clause, make it an imperative request.
pub const ACTION_VERBS: &[&str] = &[
    "accompany",
    "add",
    "adjust",
    "align",
    "amend",
    "analyse",
    "analyze",
    "announce",
    "answer",
    "apply",
    "approve",
    "archive",
    "arrange",
    "ask",
    "assemble",
    "assign",
    "attach",
    "audit",
    "back",
    "backup",
    "bake",
    "benchmark",
    "bid",
    "bill",
    "book",
    "brainstorm",
    "brief",
    "bring",
    "build",
    "bump",
    "buy",
    "calculate",
    "calendar",
    "calibrate",
    "call",
    "cancel",
    "caption",
    "capture",
    "caulk",
    "chair",
    "change",
    "charge",
    "chase",
    "check",
    "cherry-pick",
    "circulate",
    "clean",
    "clear",
    "close",
    "coach",
    "collect",
    "compile",
    "complete",
    "compress",
    "configure",
    "confirm",
    "contact",
    "cook",
    "coordinate",
    "copy",
    "correct",
    "count",
    "countersign",
    "cover",
    "create",
    "credit",
    "crop",
    "cut",
    "debrief",
    "debug",
    "declutter",
    "decrypt",
    "delete",
    "deliver",
    "demo",
    "deploy",
    "design",
    "diagnose",
    "disinfect",
    "dispatch",
    "distribute",
    "dm",
    "document",
    "double-check",
    "download",
    "draft",
    "drain",
    "draw",
    "drench",
    "drill",
    "drive",
    "drop",
    "e-mail",
    "edit",
    "email",
    "enable",
    "encrypt",
    "enrol",
    "enroll",
    "enter",
    "escalate",
    "escort",
    "estimate",
    "evaluate",
    "exchange",
    "execute",
    "export",
    "extend",
    "facilitate",
    "fax",
    "feed",
    "fetch",
    "figure",
    "file",
    "fill",
    "finalise",
    "finalize",
    "find",
    "finish",
    "fix",
    "flush",
    "follow",
    "forward",
    "frame",
    "gather",
    "generate",
    "get",
    "give",
    "grab",
    "grade",
    "grease",
    "greet",
    "grout",
    "hand",
    "handle",
    "hang",
    "harvest",
    "help",
    "highlight",
    "hire",
    "host",
    "hotfix",
    "import",
    "inform",
    "inspect",
    "install",
    "insulate",
    "interview",
    "inventory",
    "investigate",
    "invite",
    "invoice",
    "issue",
    "jot",
    "label",
    "laminate",
    "launch",
    "lead",
    "line",
    "load",
    "lock",
    "lodge",
    "log",
    "look",
    "loop",
    "lubricate",
    "mail",
    "make",
    "map",
    "mark",
    "measure",
    "meet",
    "mentor",
    "merge",
    "message",
    "migrate",
    "mock",
    "moderate",
    "monitor",
    "mop",
    "mount",
    "move",
    "mow",
    "msg",
    "muster",
    "negotiate",
    "notarize",
    "note",
    "notify",
    "nudge",
    "offboard",
    "onboard",
    "open",
    "order",
    "organise",
    "organize",
    "outline",
    "oversee",
    "pack",
    "paint",
    "pair",
    "patch",
    "pay",
    "phone",
    "photocopy",
    "photograph",
    "pick",
    "pin",
    "ping",
    "pitch",
    "place",
    "plan",
    "plaster",
    "plate",
    "polish",
    "post",
    "pour",
    "practice",
    "practise",
    "prep",
    "prepare",
    "present",
    "price",
    "print",
    "process",
    "profile",
    "proof",
    "proofread",
    "prototype",
    "provision",
    "prune",
    "publish",
    "pull",
    "purchase",
    "push",
    "put",
    "quote",
    "raise",
    "reach",
    "read",
    "reassign",
    "rebase",
    "rebook",
    "reboot",
    "rebuild",
    "recheck",
    "reconcile",
    "record",
    "recruit",
    "recycle",
    "redline",
    "redo",
    "refactor",
    "refill",
    "refund",
    "register",
    "rehearse",
    "reimburse",
    "reject",
    "release",
    "relocate",
    "remind",
    "remove",
    "rename",
    "render",
    "renegotiate",
    "renew",
    "reopen",
    "reorder",
    "repair",
    "replace",
    "replenish",
    "reply",
    "report",
    "reprint",
    "reproduce",
    "request",
    "reroute",
    "rerun",
    "reschedule",
    "resend",
    "reserve",
    "reset",
    "resize",
    "resolve",
    "respond",
    "restart",
    "restock",
    "restore",
    "retouch",
    "retrain",
    "return",
    "revert",
    "review",
    "revise",
    "rewrite",
    "ring",
    "roll",
    "rollback",
    "roof",
    "rotate",
    "rsvp",
    "run",
    "sand",
    "sanitise",
    "sanitize",
    "scan",
    "schedule",
    "scrub",
    "seal",
    "secure",
    "send",
    "serve",
    "service",
    "set",
    "settle",
    "shadow",
    "share",
    "sharpen",
    "shelve",
    "ship",
    "shoot",
    "shred",
    "sign",
    "sketch",
    "sort",
    "source",
    "split",
    "stack",
    "stake",
    "stamp",
    "staple",
    "start",
    "sterilise",
    "sterilize",
    "stock",
    "stocktake",
    "study",
    "submit",
    "summarise",
    "summarize",
    "supervise",
    "survey",
    "swap",
    "sweep",
    "switch",
    "sync",
    "tag",
    "take",
    "talk",
    "tally",
    "tell",
    "terminate",
    "test",
    "text",
    "tidy",
    "tile",
    "top",
    "track",
    "train",
    "transcribe",
    "transfer",
    "translate",
    "triage",
    "trim",
    "troubleshoot",
    "try",
    "tune",
    "turn",
    "tweak",
    "tweet",
    "type",
    "unclog",
    "uninstall",
    "unload",
    "unlock",
    "unpack",
    "unpin",
    "update",
    "upgrade",
    "upload",
    "vaccinate",
    "vacuum",
    "validate",
    "verify",
    "walk",
    "wash",
    "water",
    "weigh",
    "weld",
    "wipe",
    "wire",
    "wrap",
    "write",
    "zip",
];

pub fn is_action_verb(w: &str) -> bool {
    ACTION_VERBS.binary_search(&w).is_ok() || redo_verb(w)
}

/// "re-sequence", "re-test", "re-send": doing a thing again is a verb even when the
/// thing is not in the list ("re-balance", "re-seal"); "re-inspection" or "re-org" are
/// nouns.
fn redo_verb(w: &str) -> bool {
    let Some(rest) = w.strip_prefix("re-") else {
        return false;
    };
    rest.len() >= 3
        && rest.chars().all(|c| c.is_ascii_lowercase())
        && (ACTION_VERBS.binary_search(&rest).is_ok()
            || !is_past_form(rest)
                && ![
                    "tion", "sion", "ment", "ing", "ness", "ity", "org", "s", "ed", "ry", "al",
                ]
                .iter()
                .any(|end| rest.ends_with(end)))
}

const IRREGULAR: &[(&str, &str)] = &[
    ("done", "do"),
    ("did", "do"),
    ("sent", "send"),
    ("made", "make"),
    ("written", "write"),
    ("wrote", "write"),
    ("taken", "take"),
    ("took", "take"),
    ("given", "give"),
    ("gave", "give"),
    ("set", "set"),
    ("put", "put"),
    ("built", "build"),
    ("sold", "sell"),
    ("paid", "pay"),
    ("read", "read"),
    ("held", "hold"),
    ("brought", "bring"),
    ("bought", "buy"),
    ("run", "run"),
    ("ran", "run"),
    ("found", "find"),
    ("kept", "keep"),
    ("told", "tell"),
    ("got", "get"),
    ("gotten", "get"),
    ("shot", "shoot"),
    ("cut", "cut"),
    ("drawn", "draw"),
    ("seen", "see"),
    ("left", "leave"),
    ("spent", "spend"),
    ("lent", "lend"),
    ("shown", "show"),
    ("chosen", "choose"),
    ("hung", "hang"),
    ("dealt", "deal"),
    ("met", "meet"),
    ("led", "lead"),
    ("fed", "feed"),
];

/// A number said in words, "one" to "twelve" (callers add the tens they need).
pub fn is_number_word(word: &str) -> bool {
    const NUMBER_WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    NUMBER_WORDS.contains(&word)
}

/// Whether `word` is only a past form ("saw", "sent", "told"), never an instruction; forms
/// equal to their base ("put", "read", "cut") are not.
pub fn is_past_form(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    IRREGULAR.iter().any(|(p, b)| *p == w && p != b)
        || matches!(
            w.as_str(),
            "saw" | "went" | "came" | "said" | "thought" | "heard" | "felt" | "knew" | "began"
        )
}

/// Base form of a past participle or gerund ("submitted" -> "submit",
/// "updating" -> "update"); unknown words are returned unchanged.
pub fn lemma(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some((_, b)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return b.to_string();
    }
    let stem = if let Some(s) = w.strip_suffix("ied") {
        return format!("{s}y");
    } else if let Some(s) = w.strip_suffix("ing") {
        s
    } else if let Some(s) = w.strip_suffix("ed") {
        s
    } else {
        return w;
    };
    if stem.len() < 2 {
        return w;
    }
    let b = stem.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    // Doubled final consonant: "submitt" -> "submit", but keep "fill", "pass".
    if n >= 3 && b[n - 1] == b[n - 2] && !vowel(b[n - 1]) && !b"lsz".contains(&b[n - 1]) {
        return stem[..n - 1].to_string();
    }
    if is_action_verb(stem) {
        return stem.to_string();
    }
    let with_e = format!("{stem}e");
    if is_action_verb(&with_e) {
        return with_e;
    }
    // Silent e after these endings: "finaliz" -> "finalize", "sav" -> "save".
    const E_ENDINGS: &[&str] = &[
        "iz", "is", "at", "v", "c", "g", "ur", "as", "os", "us", "ud", "id", "in", "ar", "ir", "ok",
    ];
    if E_ENDINGS.iter().any(|e| stem.ends_with(e))
        && !stem.ends_with("ain")
        && !stem.ends_with("oin")
    {
        return with_e;
    }
    if n >= 2 && !vowel(b[n - 1]) && vowel(b[n - 2]) && (n < 3 || !vowel(b[n - 3])) && n <= 4 {
        return with_e;
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas() {
        assert_eq!(lemma("submitted"), "submit");
        assert_eq!(lemma("finalized"), "finalize");
        assert_eq!(lemma("updating"), "update");
        assert_eq!(lemma("turned"), "turn");
        assert_eq!(lemma("signed"), "sign");
        assert_eq!(lemma("analyzed"), "analyze");
        assert_eq!(lemma("sent"), "send");
        assert_eq!(lemma("replaced"), "replace");
    }

    #[test]
    fn action_verbs_stay_sorted_for_binary_search() {
        assert!(ACTION_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_action_verb("rsvp"));
    }
}
