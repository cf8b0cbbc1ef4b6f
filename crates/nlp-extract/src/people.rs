//! Maps the ways people are referred to (full name, first name, nickname,
//! surname with title, @handle, email) onto participant ids.

use crate::Person;

/// Lowercase letters only, accents dropped, so "O'Neil" and "oneil", and
/// "ELİF YILMAZ" and "Elif Yılmaz", compare equal.
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .flat_map(|c| c.to_lowercase())
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            'ı' => 'i',
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            other => other,
        })
        .collect()
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "coach",
    "sir",
    "madam",
];

/// Resolves a name-like string to a participant id, or `None` when it names
/// nobody (or is ambiguous).
pub fn resolve(people: &[Person], raw: &str) -> Option<String> {
    let raw = raw.trim().trim_start_matches('@').trim();
    // Honorific suffixes: "Tanaka-san", "Pillai-ji".
    let raw = [
        "-san", "-sama", "-kun", "-chan", "-ji", "-sensei", " san", " ji",
    ]
    .iter()
    .find_map(|suf| raw.strip_suffix(suf))
    .unwrap_or(raw)
    .trim();
    if raw.is_empty() || raw.len() > 80 {
        return None;
    }
    let low = raw.to_lowercase();
    // Exact id / handle / email / full name.
    for p in people {
        if !p.id.is_empty() && low == p.id.to_lowercase() {
            return Some(p.id.clone());
        }
    }
    for p in people {
        let h = p.handle.trim_start_matches('@').to_lowercase();
        if (!h.is_empty() && low == h)
            || (!p.email.is_empty() && low == p.email.to_lowercase())
            || (!p.name.is_empty() && norm(raw) == norm(&p.name))
        {
            return Some(p.id.clone());
        }
    }
    // "Reyes, Maricel" (Outlook and Teams): surname first, naming one participant whole
    // ("Dev, Tom" is two people).
    if let Some((surname, given)) = raw.split_once(", ")
        && let whole = norm(&format!("{given} {surname}"))
        && let Some(p) = people.iter().find(|p| norm(&p.name) == whole)
    {
        return Some(p.id.clone());
    }
    let words: Vec<&str> = raw
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let titled = TITLES.contains(&norm(words[0]).as_str());
    let key = if titled && words.len() > 1 {
        norm(words[words.len() - 1])
    } else {
        norm(words[0])
    };
    let unique = |f: &dyn Fn(&Person) -> bool| -> Option<String> {
        let hits: Vec<&Person> = people.iter().filter(|p| f(p)).collect();
        if hits.len() == 1 {
            Some(hits[0].id.clone())
        } else {
            None
        }
    };
    let first = |p: &Person| {
        p.name
            .split_whitespace()
            .next()
            .map(norm)
            .unwrap_or_default()
    };
    let last = |p: &Person| {
        p.name
            .split_whitespace()
            .last()
            .map(norm)
            .unwrap_or_default()
    };
    let handle_base = |p: &Person| {
        // "pedro.c" -> "pedro", "ms.vaughn" -> "vaughn" is covered by surname.
        norm(
            p.handle
                .trim_start_matches('@')
                .split(['.', '_', '-'])
                .find(|s| !TITLES.contains(&s.to_lowercase().as_str()))
                .unwrap_or(""),
        )
    };
    // "J. Park", "P Shah": a first initial and the surname.
    if words.len() == 2 && !titled && key.chars().count() == 1 {
        let initial = key.clone();
        let l = norm(words[1]);
        return unique(&|p| first(p).starts_with(initial.as_str()) && last(p) == l);
    }
    if key.len() < 2 {
        return None;
    }
    if titled && let Some(id) = unique(&|p| last(p) == key) {
        return Some(id);
    }
    // "Pak Joko", "Ibu Sari", "Doña Gloria": honorifics that go with a first name.
    if words.len() >= 2 && FIRST_NAME_TITLES.contains(&norm(words[0]).as_str()) {
        let given = norm(words[1]);
        if let Some(id) = unique(&|p| first(p) == given) {
            return Some(id);
        }
    }
    if words.len() >= 2 && !titled {
        // "Sam Lee" where only the first and last name match.
        let l = norm(words[words.len() - 1]);
        if let Some(id) = unique(&|p| first(p) == key && last(p) == l) {
            return Some(id);
        }
    }
    if let Some(id) = unique(&|p| first(p) == key) {
        return Some(id);
    }
    if let Some(id) = unique(&|p| handle_base(p) == key) {
        return Some(id);
    }
    if let Some(id) = unique(&|p| last(p) == key && key.len() >= 3) {
        return Some(id);
    }
    // Any part of a multi-part or hyphenated surname: "Tanaka" -> "Yuki Tanaka-Brown".
    if key.len() >= 3
        && let Some(id) = unique(&|p| {
            p.name
                .split(|c: char| c.is_whitespace() || c == '-')
                .skip(1)
                .any(|part| norm(part) == key)
        })
    {
        return Some(id);
    }
    // Nicknames and shortenings: "Pri" -> Priya, "Walt" -> Walter, "Alex" -> Alexandra.
    if key.len() >= 3
        && let Some(id) = unique(&|p| {
            let f = first(p);
            f.len() > key.len() && f.starts_with(&key)
        })
    {
        return Some(id);
    }
    // Shortenings from the end of the name: "Teo" -> Matteo, "Sandro" -> Alessandro.
    if key.len() >= 3
        && let Some(id) = unique(&|p| {
            let f = first(p);
            f.len() > key.len() + 1 && f.ends_with(&key)
        })
    {
        return Some(id);
    }
    // Initials as meeting notes write speakers: "HW" -> Hemi Walker.
    if (2..=3).contains(&raw.len())
        && raw.chars().all(|c| c.is_ascii_uppercase())
        && let Some(id) = unique(&|p| {
            let initials: String = p
                .name
                .split([' ', '-'])
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .collect();
            initials == raw
        })
    {
        return Some(id);
    }
    let forms = nickname(&key);
    if !forms.is_empty()
        && let Some(id) = unique(&|p| forms.contains(&first(p).as_str()))
    {
        return Some(id);
    }
    None
}

/// Nicknames and diminutives that are neither a prefix nor a suffix of the full name:
/// English ones, and those of the international teams we serve (Polish, Russian,
/// Spanish and Portuguese, Italian, German).
fn nickname(key: &str) -> &'static [&'static str] {
    match key {
        "bob" | "rob" | "bobby" => &["robert", "roberto"],
        "bill" | "billy" | "will" => &["william"],
        "dick" | "rick" => &["richard"],
        "liz" | "beth" | "betty" | "lisa" => &["elizabeth"],
        "peggy" | "maggie" | "meg" => &["margaret"],
        "jim" | "jimmy" => &["james"],
        "jack" => &["john"],
        "ted" | "ed" => &["edward"],
        "kate" | "katie" | "cathy" | "kathy" => &["katherine", "catherine", "kathryn"],
        "chuck" => &["charles"],
        "hank" => &["henry"],
        "sue" => &["susan"],
        "tony" => &["anthony", "antonio"],
        "mike" => &["michael"],
        "nick" => &["nicholas"],
        "andy" | "drew" => &["andrew"],
        "dave" => &["david"],
        "steve" => &["steven", "stephen"],
        "tom" => &["thomas"],
        "matt" => &["matthew"],
        "chris" => &["christopher"],
        "becky" | "bex" => &["rebecca"],
        "jen" | "jenny" => &["jennifer"],
        "sandy" => &["alexandra", "sandra"],
        // Polish.
        "kasia" | "kasha" => &["katarzyna"],
        "gosia" | "malgosia" => &["malgorzata"],
        "basia" => &["barbara"],
        "ola" => &["aleksandra"],
        "asia" => &["joanna"],
        "ania" => &["anna"],
        "zosia" => &["zofia"],
        "marysia" => &["maria"],
        "tomek" => &["tomasz"],
        "kuba" => &["jakub"],
        "wojtek" => &["wojciech"],
        "bartek" => &["bartlomiej"],
        "jurek" => &["jerzy"],
        "staszek" | "stas" => &["stanislaw"],
        "krzys" | "krzysiek" => &["krzysztof"],
        "maciek" => &["maciej"],
        "grzes" | "grzesiek" => &["grzegorz"],
        // Russian and Ukrainian.
        "sasha" | "sacha" | "shura" => &[
            "alexandra",
            "aleksandra",
            "alexander",
            "aleksandr",
            "oleksandr",
        ],
        "dima" => &["dmitry", "dmitri", "dmitriy", "dmytro"],
        "misha" => &["mikhail", "mykhailo"],
        "kolya" => &["nikolai", "nikolay", "mykola"],
        "volodya" | "vova" => &["vladimir", "volodymyr"],
        "seryozha" => &["sergei", "sergey", "serhiy"],
        "natasha" => &["natalia", "natalya", "nataliya"],
        "katya" => &["ekaterina", "yekaterina", "kateryna"],
        "masha" => &["maria", "mariya"],
        "tanya" => &["tatiana", "tatyana", "tetiana"],
        "olya" => &["olga", "olha"],
        "pasha" => &["pavel", "pavlo"],
        "zhenya" => &["evgeny", "yevgeny", "evgenia", "yevhen"],
        "lyosha" | "alyosha" => &["alexei", "alexey", "aleksei", "oleksii"],
        "yura" => &["yuri", "yuriy", "yurii"],
        "lena" => &["elena", "yelena", "olena"],
        "sveta" => &["svetlana"],
        // Spanish and Portuguese.
        "pepe" | "chema" => &["jose"],
        "paco" | "pancho" | "quico" => &["francisco"],
        "nacho" => &["ignacio"],
        "quique" => &["enrique"],
        "chuy" => &["jesus"],
        "lola" => &["dolores"],
        "lupe" => &["guadalupe"],
        "manolo" => &["manuel"],
        "beto" => &["alberto", "roberto", "humberto"],
        "memo" => &["guillermo"],
        "charo" => &["rosario"],
        "concha" | "conchi" => &["concepcion"],
        "chico" => &["francisco"],
        "zeca" | "ze" => &["jose"],
        "quim" => &["joaquim", "joaquin"],
        // Italian and German.
        "beppe" | "peppe" | "pino" => &["giuseppe"],
        "gigi" => &["luigi"],
        "sepp" => &["josef", "joseph"],
        "hansi" => &["hans", "johannes"],
        "steffi" => &["stefanie"],
        "lutz" => &["ludwig"],
        _ => &[],
    }
}

/// Honorifics written before a given name (Indonesian, Spanish).
const FIRST_NAME_TITLES: &[&str] = &["pak", "bapak", "ibu", "bu", "mas", "mbak", "don", "dona"];

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        vec![
            Person {
                id: "u1".into(),
                name: "Priya Raman".into(),
                email: "priya@x.io".into(),
                handle: "priya".into(),
            },
            Person {
                id: "u2".into(),
                name: "Kwame Osei".into(),
                email: "k@x.io".into(),
                handle: "kos".into(),
            },
            Person {
                id: "u3".into(),
                name: "Walter Hart".into(),
                email: "w@x.io".into(),
                handle: "walt".into(),
            },
        ]
    }

    #[test]
    fn names_nicknames_surnames() {
        let p = people();
        assert_eq!(resolve(&p, "Pri").as_deref(), Some("u1"));
        assert_eq!(resolve(&p, "Dr. Osei").as_deref(), Some("u2"));
        assert_eq!(resolve(&p, "@kos").as_deref(), Some("u2"));
        assert_eq!(resolve(&p, "Walt").as_deref(), Some("u3"));
        assert_eq!(resolve(&p, "Priya Raman").as_deref(), Some("u1"));
        assert_eq!(resolve(&p, "Dana"), None);
        // A first initial and the surname, as transcripts shorten names.
        assert_eq!(resolve(&p, "K. Osei").as_deref(), Some("u2"));
        assert_eq!(resolve(&p, "W Hart").as_deref(), Some("u3"));
        assert_eq!(resolve(&p, "P. Osei"), None);
        // Surname first, as Outlook and Teams write it; two names greeted are not one.
        assert_eq!(resolve(&p, "Osei, Kwame").as_deref(), Some("u2"));
        assert_ne!(resolve(&p, "Priya, Walter").as_deref(), Some("u3"));
    }

    #[test]
    fn capitals_and_accents_fold_to_the_same_name() {
        let p = vec![Person {
            id: "u1".into(),
            name: "Elif Yılmaz".into(),
            email: String::new(),
            handle: String::new(),
        }];
        assert_eq!(resolve(&p, "ELİF YILMAZ").as_deref(), Some("u1"));
        assert_eq!(resolve(&p, "ELİF").as_deref(), Some("u1"));
        assert_eq!(resolve(&p, "Elif Yilmaz").as_deref(), Some("u1"));
        assert_eq!(resolve(&p, "Ibu Elif").as_deref(), Some("u1"));
    }
}
