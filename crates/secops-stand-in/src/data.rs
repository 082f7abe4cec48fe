//! Deterministic, realistic-looking records for both vendors.
//!
//! Issues are kept as compact [`IssueRecord`]s (a few dozen bytes each) and rendered to JSON on
//! demand from fixed catalogues, so a stand-in with 100,000 issues stays small.

use serde::Serialize;
use serde_json::{Map, Value, json};

/// SplitMix64: a tiny, fast, seedable generator; good enough for test data.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// An index into a slice of `len` elements.
    pub(crate) fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// A random UUID (version 4 layout) as text.
    pub(crate) fn uuid(&mut self) -> String {
        let high = self.next_u64();
        let low = self.next_u64();
        let value = (u128::from(high) << 64) | u128::from(low);
        let value = (value & !(0xF000 << 64)) | (0x4000 << 64); // version 4
        let value = (value & !(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000; // RFC 4122 variant
        let hex = format!("{value:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// `bytes` random bytes as lowercase hex.
    pub(crate) fn hex(&mut self, bytes: usize) -> String {
        let mut out = String::with_capacity(bytes * 2);
        while out.len() < bytes * 2 {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(bytes * 2);
        out
    }
}

/// Issue statuses, as Egnyte's own integrations show them.
pub(crate) const STATUSES: [&str; 3] = ["OPEN", "RESOLVED", "IGNORED"];
pub(crate) const OPEN: u8 = 0;
pub(crate) const RESOLVED: u8 = 1;
pub(crate) const IGNORED: u8 = 2;

/// One kind of issue: its `type`, whether its item is a user or a file, and its usual severity.
struct IssueKind {
    name: &'static str,
    about_user: bool,
    severity: (u64, u64),
}

const KINDS: [IssueKind; 10] = [
    IssueKind {
        name: "Sensitive content shared publicly",
        about_user: false,
        severity: (6, 9),
    },
    IssueKind {
        name: "Sensitive content shared externally",
        about_user: false,
        severity: (4, 8),
    },
    IssueKind {
        name: "Sensitive content in unexpected location",
        about_user: false,
        severity: (3, 6),
    },
    IssueKind {
        name: "Sensitive content accessible to everyone",
        about_user: false,
        severity: (5, 8),
    },
    IssueKind {
        name: "Probable Ransomware",
        about_user: true,
        severity: (9, 10),
    },
    IssueKind {
        name: "Unusual Access",
        about_user: true,
        severity: (5, 8),
    },
    IssueKind {
        name: "Suspicious Login",
        about_user: true,
        severity: (6, 9),
    },
    IssueKind {
        name: "Unusual file deletion",
        about_user: true,
        severity: (4, 7),
    },
    IssueKind {
        name: "Malware detected",
        about_user: false,
        severity: (8, 10),
    },
    IssueKind {
        name: "Stale sensitive content",
        about_user: false,
        severity: (1, 3),
    },
];

/// Connected content sources: `source`, `sourceLabel`, `sourceType`.
const SOURCES: [(&str, &str, &str); 5] = [
    ("Egnyte", "Acme Corp (acme.egnyte.com)", "egnyte"),
    (
        "Microsoft SharePoint",
        "Acme SharePoint Online",
        "sharepoint",
    ),
    (
        "Microsoft OneDrive",
        "Acme OneDrive for Business",
        "onedrive",
    ),
    ("Google Drive", "acme.example Google Workspace", "gdrive"),
    ("Box", "Acme Box Enterprise", "box"),
];

const FOLDERS: [&str; 10] = [
    "/Shared/Finance/Payroll",
    "/Shared/Finance/Audit 2024",
    "/Shared/HR/Employees",
    "/Shared/HR/Recruiting",
    "/Shared/Legal/Contracts",
    "/Shared/Sales/Customers",
    "/Shared/Engineering/Releases",
    "/Shared/Marketing/Campaigns",
    "/Private/jmorales",
    "/Private/akowalski",
];

const FILES: [&str; 16] = [
    "employee-ssn-list.xlsx",
    "payroll-2024-q3.csv",
    "passport-scans.zip",
    "customer-export.csv",
    "credit-card-batch-0917.txt",
    "patient-intake-forms.pdf",
    "offer-letter-signed.pdf",
    "w2-forms-2023.pdf",
    "vendor-bank-details.xlsx",
    "board-minutes-draft.docx",
    "aws-credentials.txt",
    "merger-term-sheet.docx",
    "benefits-enrollment.xlsx",
    "nda-acme-globex.pdf",
    "invoice-archive-2022.zip",
    "id-badges-photos.zip",
];

pub(crate) const PEOPLE: [(&str, &str); 12] = [
    ("Jordan Morales", "jmorales"),
    ("Aleksandra Kowalski", "akowalski"),
    ("Priya Raman", "praman"),
    ("Tomás Oliveira", "toliveira"),
    ("Mei Chen", "mchen"),
    ("Samuel Okafor", "sokafor"),
    ("Hannah Becker", "hbecker"),
    ("Liam O'Connor", "loconnor"),
    ("Fatima Haddad", "fhaddad"),
    ("Kenji Watanabe", "kwatanabe"),
    ("Grace Mensah", "gmensah"),
    ("Noah Lindqvist", "nlindqvist"),
];

/// Classification policies: name and tag.
const POLICIES: [(&str, &str); 6] = [
    ("PII - US Social Security Numbers", "pii-us-ssn"),
    ("PCI - Credit Card Numbers", "pci-cards"),
    ("GDPR - EU Passport Numbers", "gdpr-passports"),
    ("HIPAA - Medical Record Numbers", "hipaa-mrn"),
    ("Credentials - API Keys and Secrets", "secrets"),
    ("Confidential - Legal Documents", "legal-confidential"),
];

/// The email domain of the stand-in's tenant.
pub(crate) const DOMAIN: &str = "acme.example";

/// An issue as stored: indexes into the catalogues above.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IssueRecord {
    pub(crate) id: i64,
    pub(crate) detected: i64,
    pub(crate) updated: i64,
    pub(crate) kind: u8,
    pub(crate) severity: u8,
    pub(crate) status: u8,
    pub(crate) source: u8,
    pub(crate) folder: u8,
    pub(crate) file: u8,
    pub(crate) person: u8,
    pub(crate) assignee: u8,
    /// Bit `i` set: policy `i` matched.
    pub(crate) policies: u8,
    /// Number of sensitive matches found (content issues).
    pub(crate) matches: u16,
}

impl IssueRecord {
    /// A new open issue with `id`, detected (and updated) at `at`.
    pub(crate) fn generate(rng: &mut Rng, id: i64, at: i64) -> Self {
        let kind = rng.index(KINDS.len());
        let (low, high) = KINDS[kind].severity;
        let mut policies = 0_u8;
        if !KINDS[kind].about_user {
            for _ in 0..rng.between(1, 2) {
                policies |= 1 << rng.index(POLICIES.len());
            }
        }
        Self {
            id,
            detected: at,
            updated: at,
            kind: small(kind),
            severity: small(usize::try_from(rng.between(low, high)).unwrap_or(5)),
            status: OPEN,
            source: small(rng.index(SOURCES.len())),
            folder: small(rng.index(FOLDERS.len())),
            file: small(rng.index(FILES.len())),
            person: small(rng.index(PEOPLE.len())),
            assignee: small(rng.index(PEOPLE.len())),
            policies,
            matches: u16::try_from(rng.between(1, 420)).unwrap_or(1),
        }
    }

    /// Whether the issue's item is a user account rather than a file.
    pub(crate) fn about_user(&self) -> bool {
        KINDS[usize::from(self.kind)].about_user
    }

    /// The issue as the API returns it.
    pub(crate) fn render(&self, full: bool, web_base: &str, tenant: &str) -> IssueJson {
        let kind = &KINDS[usize::from(self.kind)];
        let (source, source_label, source_type) = SOURCES[usize::from(self.source)];
        let (person, login) = PEOPLE[usize::from(self.person)];
        let folder = FOLDERS[usize::from(self.folder)];
        let file = FILES[usize::from(self.file)];
        let mut item = Map::new();
        if kind.about_user {
            item.insert("type".into(), json!("user"));
            item.insert("displayName".into(), json!(person));
            if full {
                item.insert("email".into(), json!(format!("{login}@{DOMAIN}")));
            }
        } else {
            item.insert("type".into(), json!("file"));
            item.insert("displayName".into(), json!(file));
            if full {
                item.insert("path".into(), json!(format!("{folder}/{file}")));
                item.insert("owner".into(), json!(format!("{login}@{DOMAIN}")));
            }
        }
        let (policies, assignee, violation_details) = if full {
            let policies = POLICIES
                .iter()
                .enumerate()
                .filter(|(index, _)| self.policies & (1 << index) != 0)
                .map(|(index, (name, tag))| {
                    json!({"id": format!("{tenant}-policy-{index}"), "name": name, "tag": tag})
                })
                .collect();
            let (assignee_name, assignee_login) = PEOPLE[usize::from(self.assignee)];
            let mut assignee = Map::new();
            assignee.insert("name".into(), json!(assignee_name));
            assignee.insert("email".into(), json!(format!("{assignee_login}@{DOMAIN}")));
            let mut details = Map::new();
            if kind.about_user {
                details.insert("actor".into(), json!(format!("{login}@{DOMAIN}")));
                details.insert("eventCount".into(), json!(self.matches));
            } else {
                details.insert("matchCount".into(), json!(self.matches));
                details.insert(
                    "sharedWith".into(),
                    json!(match self.kind {
                        0 => "anyone with the link",
                        1 => "partner.example",
                        3 => "all users",
                        _ => "internal",
                    }),
                );
            }
            (policies, Some(assignee), Some(details))
        } else {
            (Vec::new(), None, None)
        };
        IssueJson {
            id: self.id,
            source_id: format!("{tenant}-source-{}", self.source),
            status: STATUSES[usize::from(self.status)],
            issue_type: kind.name,
            source,
            source_label,
            source_type,
            severity: self.severity,
            updated: self.updated,
            detected: self.detected,
            item,
            policies,
            web_view_link: format!("{web_base}/app/issues/{}", self.id),
            assignee,
            violation_details,
        }
    }
}

fn small(index: usize) -> u8 {
    u8::try_from(index).unwrap_or(0)
}

/// The `Issue` schema of `openapi/egnyte-protect.json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssueJson {
    id: i64,
    source_id: String,
    status: &'static str,
    #[serde(rename = "type")]
    issue_type: &'static str,
    source: &'static str,
    source_label: &'static str,
    source_type: &'static str,
    severity: u8,
    updated: i64,
    detected: i64,
    item: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<Value>,
    web_view_link: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    violation_details: Option<Map<String, Value>>,
}

/// Internal web applications published through Lacework Edge: name, host, tags.
pub(crate) const APPS: [(&str, &str, &[&str]); 10] = [
    ("Jira", "jira.corp.acme.example", &["engineering"]),
    (
        "Confluence",
        "wiki.corp.acme.example",
        &["engineering", "docs"],
    ),
    ("GitLab", "gitlab.corp.acme.example", &["engineering"]),
    ("Grafana", "grafana.ops.acme.example", &["ops"]),
    ("Kibana", "kibana.ops.acme.example", &["ops"]),
    (
        "Payroll portal",
        "payroll.hr.acme.example",
        &["hr", "finance"],
    ),
    ("Workday", "workday.hr.acme.example", &["hr"]),
    ("Jenkins", "ci.corp.acme.example", &["engineering"]),
    ("NetSuite", "erp.fin.acme.example", &["finance"]),
    ("Internal status page", "status.corp.acme.example", &[]),
];

/// Directory groups: name, description.
pub(crate) const GROUPS: [(&str, &str); 6] = [
    ("Engineering", "Product engineering and SRE"),
    ("Finance", "Finance and accounting"),
    ("People Ops", "Human resources"),
    ("Sales", "Account executives and sales engineers"),
    ("Contractors", "External contractors with limited access"),
    ("Security", "Security operations"),
];
