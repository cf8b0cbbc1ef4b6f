//! Secrets: password hashing (argon2id) and policy, and the opaque high-entropy tokens
//! (refresh tokens, invitation tokens) that are handed out once and stored only as SHA-256.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use taskstream_runtime::{ServiceError, ServiceResult};

/// argon2id with the OWASP-recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
/// About 20–40 ms per hash on one core here (see the login benchmark).
pub fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Shortest and longest password accepted, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 12..=128;

/// A few of the most used passwords of policy length; a real deployment would add a breached
/// password list (k-anonymity lookup), which needs a network this build does not assume.
const COMMON_PASSWORDS: [&str; 8] = [
    "password1234",
    "123456789012",
    "qwertyuiop12",
    "passwordpassword",
    "iloveyou1234",
    "111111111111",
    "adminadmin12",
    "letmein12345",
];

/// Checks the password policy; the description never echoes the password.
pub fn check_password(password: &str, email: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if !PASSWORD_CHARS.contains(&chars) {
        return Err(format!(
            "must be {} to {} characters",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        ));
    }
    let lowered = password.to_lowercase();
    if lowered == email || COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err("is too easy to guess".into());
    }
    Ok(())
}

/// Hashes a password on a blocking thread (argon2 is deliberately slow).
pub async fn hash_password(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(ServiceError::internal)
    })
    .await
    .map_err(ServiceError::internal)?
}

/// Checks a password against a stored hash on a blocking thread.
pub async fn verify_password(password: String, stored: String) -> ServiceResult<bool> {
    tokio::task::spawn_blocking(move || {
        let hash = PasswordHash::new(&stored).map_err(ServiceError::internal)?;
        Ok(argon2().verify_password(password.as_bytes(), &hash).is_ok())
    })
    .await
    .map_err(ServiceError::internal)?
}

/// A new opaque token: 256 random bits, base64url.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The stored form of an opaque token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Normalises and checks an email address (shape only: delivery proves the rest).
pub fn normalise_email(email: &str) -> Result<String, String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        })
        && email.matches('@').count() == 1;
    if valid {
        Ok(email)
    } else {
        Err("is not an email address".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify_password("correct horse battery".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), hash)
                .await
                .unwrap()
        );
    }

    #[test]
    fn policy_and_email_shape() {
        assert!(check_password("short", "a@b.co").is_err());
        assert!(check_password("Password1234", "a@b.co").is_err());
        assert!(check_password("a@b.co.uk.example", "a@b.co.uk.example").is_err());
        assert!(check_password("a long enough passphrase", "a@b.co").is_ok());
        assert_eq!(
            normalise_email(" Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "", "ana", "ana@", "@x.io", "a@b", "a b@x.io", "a@@x.io", "a@x.io.",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
        assert_eq!(token_hash("x").len(), 64);
        assert_ne!(new_token(), new_token());
    }
}
