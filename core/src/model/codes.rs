//! Closed vocabularies: the codes the law and the seeds give a fixed set of
//! values. Each enum becomes a JSON Schema `enum`, so editors complete them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as written in TOML.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum! {
    /// What kind of document an agreement folder holds.
    AgreementKind {
        /// A processor's form with blanks and alternatives, filled per customer.
        Template = "template",
        /// Standard terms that apply to every customer without per-customer data.
        Standard = "standard",
        /// A standalone annex (e.g. a TOM annex) without contract clauses.
        Annex = "annex",
    }
}

code_enum! {
    /// Lifecycle status of a version.
    Status {
        /// Being written.
        Draft = "draft",
        /// Under review.
        Review = "review",
        /// Approved and in force.
        Final = "final",
        /// Replaced by a newer version.
        Superseded = "superseded",
        /// Withdrawn.
        Withdrawn = "withdrawn",
    }
}

impl Status {
    /// The German word a version table uses for the status.
    pub fn label_de(self) -> &'static str {
        match self {
            Status::Draft => "Entwurf",
            Status::Review => "in Prüfung",
            Status::Final => "finale Version",
            Status::Superseded => "ersetzt",
            Status::Withdrawn => "zurückgezogen",
        }
    }
}

code_enum! {
    /// How dates are printed in the rendered document.
    DateStyle {
        /// 29.02.2024
        Numeric = "numeric",
        /// 9. Juni 2018
        Long = "long",
    }
}

code_enum! {
    /// A contracting party's role under the GDPR.
    PartyRole {
        /// The controller (Verantwortlicher, Auftraggeber).
        Controller = "controller",
        /// The processor (Auftragsverarbeiter, Auftragnehmer).
        Processor = "processor",
    }
}

code_enum! {
    /// The contents GDPR Art. 28(2)–(4), (9), Art. 32, 33(2) and 37 require
    /// of a processing agreement; clauses carry them in `covers`.
    Art28Item {
        /// Art. 28(3) first sentence: subject matter.
        Subject = "art28-3-subject",
        /// Art. 28(3) first sentence: duration.
        Duration = "art28-3-duration",
        /// Art. 28(3) first sentence: nature of the processing.
        Nature = "art28-3-nature",
        /// Art. 28(3) first sentence: purpose of the processing.
        Purpose = "art28-3-purpose",
        /// Art. 28(3) first sentence: type of personal data.
        DataTypes = "art28-3-data-types",
        /// Art. 28(3) first sentence: categories of data subjects.
        DataSubjects = "art28-3-data-subjects",
        /// Art. 28(3) first sentence: obligations and rights of the controller.
        ControllerRights = "art28-3-controller-rights",
        /// Art. 28(3)(a): processing only on documented instructions.
        A = "art28-3-a",
        /// Art. 28(3)(a): including transfers to third countries.
        ATransfers = "art28-3-a-transfers",
        /// Art. 28(3)(a): inform the controller of a legal requirement to process.
        ALegalRequirement = "art28-3-a-legal-requirement",
        /// Art. 28(3)(b): confidentiality of authorised persons.
        B = "art28-3-b",
        /// Art. 28(3)(c): the measures required by Art. 32.
        C = "art28-3-c",
        /// Art. 28(3)(d): conditions for engaging sub-processors.
        D = "art28-3-d",
        /// Art. 28(3)(e): assistance with data-subject requests.
        E = "art28-3-e",
        /// Art. 28(3)(f): assistance with Art. 32–36.
        F = "art28-3-f",
        /// Art. 28(3)(g): deletion or return at the end.
        G = "art28-3-g",
        /// Art. 28(3)(h): information and audits.
        H = "art28-3-h",
        /// Art. 28(3) last subparagraph: inform about infringing instructions.
        InfringingInstruction = "art28-3-infringing-instruction",
        /// Art. 28(2): prior specific or general written authorisation.
        Art28_2 = "art28-2",
        /// Art. 28(2): the controller's opportunity to object.
        Art28_2Objection = "art28-2-objection",
        /// Art. 28(4): the same obligations flow down to sub-processors.
        Art28_4 = "art28-4",
        /// Art. 28(4): the processor remains liable.
        Art28_4Liability = "art28-4-liability",
        /// Art. 28(9): written form, including electronic form.
        Art28_9 = "art28-9",
        /// Art. 32: security of processing.
        Art32 = "art32",
        /// Art. 33(2): breach notification to the controller.
        Art33_2 = "art33-2",
        /// Art. 9: safeguards for special categories of data.
        Art9Safeguards = "art9-safeguards",
        /// Art. 37: data protection officer.
        Art37Dpo = "art37-dpo",
    }
}

impl Art28Item {
    /// The eight items (a)–(h) of Art. 28(3) plus the infringing-instruction
    /// duty that every agreement must cover.
    pub const REQUIRED: &'static [Art28Item] = &[
        Art28Item::A,
        Art28Item::B,
        Art28Item::C,
        Art28Item::D,
        Art28Item::E,
        Art28Item::F,
        Art28Item::G,
        Art28Item::H,
    ];

    /// The letter-level item this code belongs to (`art28-3-a-transfers` → `art28-3-a`).
    pub fn letter(self) -> Art28Item {
        match self {
            Art28Item::ATransfers | Art28Item::ALegalRequirement => Art28Item::A,
            other => other,
        }
    }

    /// A short German label, as used in reports.
    pub fn label_de(self) -> &'static str {
        match self {
            Art28Item::Subject => "Gegenstand der Verarbeitung",
            Art28Item::Duration => "Dauer der Verarbeitung",
            Art28Item::Nature => "Art der Verarbeitung",
            Art28Item::Purpose => "Zweck der Verarbeitung",
            Art28Item::DataTypes => "Art der personenbezogenen Daten",
            Art28Item::DataSubjects => "Kategorien betroffener Personen",
            Art28Item::ControllerRights => "Rechte und Pflichten des Verantwortlichen",
            Art28Item::A => "Weisungsgebundenheit (lit. a)",
            Art28Item::ATransfers => "Weisungen zu Drittlandübermittlungen (lit. a)",
            Art28Item::ALegalRequirement => "Mitteilung gesetzlicher Verarbeitungspflichten (lit. a)",
            Art28Item::B => "Vertraulichkeit (lit. b)",
            Art28Item::C => "Maßnahmen nach Art. 32 (lit. c)",
            Art28Item::D => "Unterauftragsverhältnisse (lit. d)",
            Art28Item::E => "Unterstützung bei Betroffenenrechten (lit. e)",
            Art28Item::F => "Unterstützung nach Art. 32–36 (lit. f)",
            Art28Item::G => "Löschung oder Rückgabe (lit. g)",
            Art28Item::H => "Nachweise und Kontrollen (lit. h)",
            Art28Item::InfringingInstruction => "Hinweis auf rechtswidrige Weisungen",
            Art28Item::Art28_2 => "Genehmigung von Unterauftragnehmern (Abs. 2)",
            Art28Item::Art28_2Objection => "Einspruchsrecht (Abs. 2)",
            Art28Item::Art28_4 => "Weitergabe der Pflichten (Abs. 4)",
            Art28Item::Art28_4Liability => "Haftung für Unterauftragnehmer (Abs. 4)",
            Art28Item::Art28_9 => "Schriftform (Abs. 9)",
            Art28Item::Art32 => "Sicherheit der Verarbeitung (Art. 32)",
            Art28Item::Art33_2 => "Meldung von Verletzungen (Art. 33 Abs. 2)",
            Art28Item::Art9Safeguards => "Garantien für besondere Kategorien (Art. 9)",
            Art28Item::Art37Dpo => "Datenschutzbeauftragter (Art. 37)",
        }
    }
}

code_enum! {
    /// Non-Art. 28 topics a clause deals with.
    Topic {
        /// Definitions.
        Definitions = "definitions",
        /// Preamble.
        Preamble = "preamble",
        /// Scope of the agreement.
        Scope = "scope",
        /// Ancillary services that are not sub-processing.
        AncillaryServices = "ancillary-services",
        /// Remuneration and costs.
        Remuneration = "remuneration",
        /// Liability.
        Liability = "liability",
        /// Indemnity.
        Indemnity = "indemnity",
        /// Contractual penalty.
        Penalty = "penalty",
        /// Confidentiality between the parties.
        Confidentiality = "confidentiality",
        /// Amendments.
        Amendment = "amendment",
        /// Written form.
        WrittenForm = "written-form",
        /// Severability.
        Severability = "severability",
        /// Governing law.
        GoverningLaw = "governing-law",
        /// Place of jurisdiction.
        Venue = "venue",
        /// Termination.
        Termination = "termination",
        /// Notice of insolvency or seizure.
        InsolvencyNotice = "insolvency-notice",
        /// Exclusion of a right of retention.
        RetentionRightExcluded = "retention-right-excluded",
        /// Precedence between documents.
        Hierarchy = "hierarchy",
        /// Cooperation with supervisory authorities.
        Cooperation = "cooperation",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// How the duration of the processing is set.
    DurationKind {
        /// A fixed start and end.
        Fixed = "fixed",
        /// Indefinite, with a notice period.
        Indefinite = "indefinite",
        /// Coupled to the main contract.
        Coupled = "coupled",
        /// As long as the processor processes data for the controller.
        WhileProcessing = "while-processing",
        /// Chosen per customer from alternatives.
        Choice = "choice",
    }
}

code_enum! {
    /// Where the agreement lets processing take place.
    ProcessingRegion {
        /// Germany only.
        De = "de",
        /// Member states of the EU.
        Eu = "eu",
        /// The European Economic Area.
        Eea = "eea",
        /// The EEA and countries with an adequacy decision.
        EeaPlusAdequate = "eea-plus-adequate",
        /// No restriction.
        Worldwide = "worldwide",
        /// Not stated.
        Unspecified = "unspecified",
    }
}

code_enum! {
    /// Special categories of personal data (Art. 9(1), Art. 10 GDPR).
    SpecialCategory {
        /// Racial or ethnic origin.
        RacialEthnicOrigin = "racial-ethnic-origin",
        /// Political opinions.
        PoliticalOpinions = "political-opinions",
        /// Religious beliefs.
        ReligiousBeliefs = "religious-beliefs",
        /// Philosophical beliefs.
        PhilosophicalBeliefs = "philosophical-beliefs",
        /// Trade-union membership.
        TradeUnionMembership = "trade-union-membership",
        /// Genetic data.
        Genetic = "genetic",
        /// Biometric data for identification.
        BiometricIdentification = "biometric-identification",
        /// Data concerning health.
        Health = "health",
        /// Sex life.
        SexLife = "sex-life",
        /// Sexual orientation.
        SexualOrientation = "sexual-orientation",
        /// Criminal convictions and offences (Art. 10).
        CriminalConvictions = "criminal-convictions",
    }
}

code_enum! {
    /// Where a list of particulars comes from.
    ParticularsSource {
        /// Listed in the agreement itself.
        Inline = "inline",
        /// Supplied by each customer instance.
        Instance = "instance",
        /// Delegated to another document (the service agreement).
        Delegated = "delegated",
    }
}

code_enum! {
    /// Kind of authorisation for sub-processors (Art. 28(2)).
    Authorisation {
        /// General written authorisation with notice of changes and a right to object.
        General = "general",
        /// Prior specific authorisation of each sub-processor.
        Specific = "specific",
    }
}

code_enum! {
    /// Status of the processor's data protection officer.
    DpoStatus {
        /// A DPO is appointed.
        Appointed = "appointed",
        /// No DPO is required.
        NotRequired = "not-required",
        /// A DPO is appointed when the law requires one.
        WhenRequired = "when-required",
        /// The customer's form chooses between alternatives.
        Choice = "choice",
    }
}

code_enum! {
    /// Kind of service the agreement covers.
    ServiceKind {
        /// A main contract the agreement depends on.
        Main = "main",
        /// An optional service.
        Optional = "optional",
        /// A component of other services (e.g. a customer portal).
        Component = "component",
    }
}

code_enum! {
    /// Kind of an external document the agreement refers to.
    ReferenceKind {
        /// The main contract or service agreement.
        MainContract = "main-contract",
        /// General terms.
        Terms = "terms",
        /// A service description.
        ServiceDescription = "service-description",
        /// A web page.
        WebPage = "web-page",
        /// A law.
        Law = "law",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// A part of the printed document, in print order.
    PartKind {
        /// A cover letter.
        Cover = "cover",
        /// The title block and the parties.
        Parties = "parties",
        /// The clause tree.
        Body = "body",
        /// The signature blocks.
        Signatures = "signatures",
        /// A free annex declared in `[[annex]]`.
        Annex = "annex",
        /// The sub-processor list from `subprocessors.toml`.
        Subprocessors = "subprocessors",
        /// The TOM annex from `tom.toml`.
        Tom = "tom",
        /// The footnotes.
        Footnotes = "footnotes",
    }
}

code_enum! {
    /// How a list is marked.
    ListStyle {
        /// Bullets.
        Bullet = "bullet",
        /// 1. 2. 3.
        Numbered = "numbered",
        /// a) b) c)
        Alpha = "alpha",
        /// No marker: one paragraph per item.
        None = "none",
    }
}

code_enum! {
    /// Structured data a block prints in place.
    EmbedTarget {
        /// The purposes of processing.
        #[allow(missing_docs)]
        Purposes = "particulars.purposes",
        /// The data categories.
        DataCategories = "particulars.data_categories",
        /// The categories of data subjects.
        DataSubjects = "particulars.data_subjects",
        /// The services from `[[service]]`.
        Services = "services",
        /// The sub-processor list.
        Subprocessors = "subprocessors",
        /// The data protection officer's contact.
        Dpo = "dpo",
        /// The persons authorised to give instructions.
        InstructionsAuthorised = "instructions.authorised",
        /// The recipients of instructions.
        InstructionsRecipients = "instructions.recipients",
        /// The version table.
        History = "history",
        /// A table of contents of the TOM annex.
        Toc = "toc",
    }
}

code_enum! {
    /// Whether a choice takes one option or several.
    ChoiceSelect {
        /// Exactly one option.
        One = "one",
        /// Any number of options.
        Any = "any",
    }
}

code_enum! {
    /// The objectives of Art. 32(1) GDPR.
    Objective {
        /// lit. a: pseudonymisation.
        Pseudonymisation = "pseudonymisation",
        /// lit. a: encryption.
        Encryption = "encryption",
        /// lit. b: confidentiality.
        Confidentiality = "confidentiality",
        /// lit. b: integrity.
        Integrity = "integrity",
        /// lit. b: availability.
        Availability = "availability",
        /// lit. b: resilience.
        Resilience = "resilience",
        /// lit. c: timely restoration.
        Recoverability = "recoverability",
        /// lit. d: regular testing and evaluation.
        Evaluation = "evaluation",
    }
}

impl Objective {
    /// The letter of Art. 32(1) this objective belongs to.
    pub fn letter(self) -> char {
        match self {
            Objective::Pseudonymisation | Objective::Encryption => 'a',
            Objective::Confidentiality | Objective::Integrity | Objective::Availability | Objective::Resilience => 'b',
            Objective::Recoverability => 'c',
            Objective::Evaluation => 'd',
        }
    }
}

code_enum! {
    /// The German control categories (BDSG a.F. Anlage zu § 9 and later additions).
    Control {
        /// Zutrittskontrolle.
        PhysicalAccess = "physical-access",
        /// Zugangskontrolle.
        SystemAccess = "system-access",
        /// Zugriffskontrolle.
        DataAccess = "data-access",
        /// Datenträgerkontrolle.
        DataMedia = "data-media",
        /// Trennungskontrolle / Trennungsgebot.
        Separation = "separation",
        /// Pseudonymisierung.
        Pseudonymisation = "pseudonymisation",
        /// Verschlüsselung.
        Encryption = "encryption",
        /// Weitergabekontrolle.
        Transfer = "transfer",
        /// Eingabekontrolle.
        Input = "input",
        /// Verfügbarkeitskontrolle.
        Availability = "availability",
        /// Belastbarkeit.
        Resilience = "resilience",
        /// Rasche Wiederherstellbarkeit.
        Recovery = "recovery",
        /// Überprüfung, Bewertung und Evaluierung.
        Evaluation = "evaluation",
        /// Datenschutz-Management.
        DpManagement = "dp-management",
        /// Incident-Response-Management.
        IncidentResponse = "incident-response",
        /// Datenschutzfreundliche Voreinstellungen.
        PrivacyByDefault = "privacy-by-default",
        /// Auftragskontrolle.
        ProcessorControl = "processor-control",
        /// Innerbetriebliche Organisation.
        Organisation = "organisation",
        /// Fernwartung.
        RemoteMaintenance = "remote-maintenance",
        /// Supportanfragen.
        Support = "support",
    }
}

code_enum! {
    /// The DPV top class of a measure.
    MeasureKind {
        /// Technical measure.
        Technical = "technical",
        /// Organisational measure.
        Organisational = "organisational",
        /// Physical measure.
        Physical = "physical",
        /// Legal measure.
        Legal = "legal",
    }
}

code_enum! {
    /// What a TOM entry states.
    Statement {
        /// A measure the responsible party takes (default).
        Measure = "measure",
        /// Allocates responsibility to a party ("obliegt dem Auftraggeber").
        Allocation = "allocation",
        /// States a control goal.
        Goal = "goal",
        /// Explanatory prose that is not a measure of its own.
        Note = "note",
    }
}

code_enum! {
    /// Who is responsible for a measure.
    Responsible {
        /// The processor (default).
        Processor = "processor",
        /// The controller.
        Controller = "controller",
        /// Both parties.
        Shared = "shared",
        /// A sub-processor.
        Subprocessor = "subprocessor",
    }
}

code_enum! {
    /// When a measure applies.
    Condition {
        /// Only where agreed.
        Agreed = "agreed",
        /// On request.
        OnRequest = "on-request",
        /// Where the systems support it.
        WhereSupported = "where-supported",
        /// With the controller's consent.
        WithConsent = "with-consent",
    }
}

code_enum! {
    /// How a measure is printed.
    MeasureStyle {
        /// A bullet item.
        Bullet = "bullet",
        /// A paragraph of its own.
        Paragraph = "paragraph",
        /// A bullet with the label, then the text as a paragraph.
        Titled = "titled",
        /// A numbered item.
        Numbered = "numbered",
    }
}

code_enum! {
    /// How a heading is printed.
    HeadingStyle {
        /// On its own line.
        Block = "block",
        /// Run into the first paragraph.
        RunIn = "run-in",
    }
}

code_enum! {
    /// Kind of a site.
    SiteKind {
        /// A data centre.
        Datacenter = "datacenter",
        /// An office.
        Office = "office",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// Category of a sub-processor, as the seeds group them.
    SubprocessorCategory {
        /// Supports the main service.
        Main = "main",
        /// Supports an optional, ancillary service.
        Optional = "optional",
        /// An affiliated company.
        Affiliated = "affiliated",
        /// Infrastructure and platform services.
        Infrastructure = "infrastructure",
        /// Communication services (newsletters, e-mail).
        Communication = "communication",
        /// Destruction of data carriers.
        Disposal = "disposal",
        /// Support and service.
        Support = "support",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// How the sub-processor list is printed.
    ListLayout {
        /// A table with the configured columns.
        Table = "table",
        /// A bullet list: name and address, then service and safeguards.
        List = "list",
    }
}

code_enum! {
    /// A sub-processor field a list column shows.
    SubprocessorField {
        /// The name.
        Name = "name",
        /// The address.
        Address = "address",
        /// The processing location.
        Location = "location",
        /// The service.
        Service = "service",
        /// The safeguards, joined.
        Safeguards = "safeguards",
        /// The country.
        Country = "country",
    }
}

code_enum! {
    /// Chapter V GDPR transfer mechanisms.
    TransferMechanism {
        /// Art. 45 adequacy decision (incl. the EU-US Data Privacy Framework).
        Adequacy = "adequacy",
        /// Art. 46(2)(c) standard contractual clauses of the Commission.
        Scc = "scc",
        /// Art. 46(2)(d) clauses adopted by a supervisory authority.
        SccSupervisoryAuthority = "scc-sa",
        /// Art. 46(2)(b), 47 binding corporate rules.
        Bcr = "bcr",
        /// Art. 46(2)(e) approved code of conduct.
        CodeOfConduct = "code-of-conduct",
        /// Art. 46(2)(f) approved certification.
        Certification = "certification",
        /// Art. 46(3)(a) authorised ad-hoc clauses.
        AdHocClauses = "ad-hoc-clauses",
        /// Art. 46(3)(b) administrative arrangement.
        AdminArrangement = "admin-arrangement",
        /// Art. 46(2)(a) legally binding instrument between public bodies.
        LegalInstrument = "legal-instrument",
        /// Art. 49 derogation.
        Derogation = "derogation",
    }
}

impl TransferMechanism {
    /// German label for notices and change texts.
    pub fn label_de(self) -> &'static str {
        match self {
            TransferMechanism::Adequacy => "Angemessenheitsbeschluss",
            TransferMechanism::Scc => "Standardvertragsklauseln",
            TransferMechanism::SccSupervisoryAuthority => "Standarddatenschutzklauseln einer Aufsichtsbehörde",
            TransferMechanism::Bcr => "verbindliche interne Datenschutzvorschriften",
            TransferMechanism::CodeOfConduct => "genehmigte Verhaltensregeln",
            TransferMechanism::Certification => "genehmigter Zertifizierungsmechanismus",
            TransferMechanism::AdHocClauses => "genehmigte Vertragsklauseln",
            TransferMechanism::AdminArrangement => "Verwaltungsvereinbarung",
            TransferMechanism::LegalInstrument => "rechtlich bindendes Dokument",
            TransferMechanism::Derogation => "Ausnahme nach Art. 49 DS-GVO",
        }
    }
}

code_enum! {
    /// Adequacy decisions of the Commission (Art. 45 GDPR).
    AdequacyDecision {
        /// Andorra.
        Ad = "ad",
        /// Argentina.
        Ar = "ar",
        /// Canada (commercial organisations).
        Ca = "ca",
        /// Switzerland.
        Ch = "ch",
        /// Faroe Islands.
        Fo = "fo",
        /// United Kingdom.
        Gb = "gb",
        /// Guernsey.
        Gg = "gg",
        /// Israel.
        Il = "il",
        /// Isle of Man.
        Im = "im",
        /// Jersey.
        Je = "je",
        /// Japan.
        Jp = "jp",
        /// Republic of Korea.
        Kr = "kr",
        /// New Zealand.
        Nz = "nz",
        /// Uruguay.
        Uy = "uy",
        /// EU-US Data Privacy Framework (certified US organisations only).
        EuUsDpf = "eu-us-dpf",
    }
}

code_enum! {
    /// Certifications a sub-processor holds.
    CertificationCode {
        /// ISO/IEC 27001.
        Iso27001 = "iso-27001",
        /// ISO/IEC 27017.
        Iso27017 = "iso-27017",
        /// ISO/IEC 27018.
        Iso27018 = "iso-27018",
        /// ISO/IEC 27701.
        Iso27701 = "iso-27701",
        /// ISO 9001.
        Iso9001 = "iso-9001",
        /// BSI C5.
        BsiC5 = "bsi-c5",
        /// BSI IT-Grundschutz.
        BsiGrundschutz = "bsi-grundschutz",
        /// TISAX.
        Tisax = "tisax",
        /// Another certification, named in the label.
        Other = "other",
    }
}

code_enum! {
    /// Audit attestations a sub-processor holds.
    AttestationCode {
        /// SOC 1.
        Soc1 = "soc1",
        /// SOC 2.
        Soc2 = "soc2",
        /// ISAE 3402 Type II.
        Isae3402Type2 = "isae-3402-type-2",
        /// SSAE 16.
        Ssae16 = "ssae-16",
        /// SSAE 18.
        Ssae18 = "ssae-18",
        /// PCI DSS.
        PciDss = "pci-dss",
        /// Another attestation, named in the label.
        Other = "other",
    }
}

code_enum! {
    /// Codes of conduct a sub-processor adheres to.
    CodeOfConductCode {
        /// CISPE Data Protection Code of Conduct.
        Cispe = "cispe",
        /// EU Cloud Code of Conduct.
        EuCloudCoc = "eu-cloud-coc",
        /// Another code, named in the label.
        Other = "other",
    }
}

code_enum! {
    /// Kind of a change in a version row.
    ChangeKind {
        /// First version (Erstfassung).
        Initial = "initial",
        /// Addition (Ergänzung).
        Addition = "addition",
        /// Update (Aktualisierung).
        Update = "update",
        /// Removal (Wegfall).
        Removal = "removal",
        /// Formal correction without change of meaning (formale Korrektur).
        Formal = "formal",
    }
}

impl ChangeKind {
    /// The German word used in version tables.
    pub fn label_de(self) -> &'static str {
        match self {
            ChangeKind::Initial => "Erstfassung",
            ChangeKind::Addition => "Ergänzung",
            ChangeKind::Update => "Aktualisierung",
            ChangeKind::Removal => "Wegfall",
            ChangeKind::Formal => "formale Korrektur",
        }
    }
}

code_enum! {
    /// Status of a customer instance.
    InstanceStatus {
        /// Being prepared.
        Draft = "draft",
        /// Sent to the customer.
        Sent = "sent",
        /// Signed by both parties.
        Signed = "signed",
        /// Terminated.
        Terminated = "terminated",
    }
}

code_enum! {
    /// Type of value a placeholder takes.
    PlaceholderType {
        /// One line of text.
        Text = "text",
        /// Several lines of text.
        Multiline = "multiline",
        /// A date.
        Date = "date",
        /// A number.
        Number = "number",
        /// An amount of money.
        Money = "money",
        /// An e-mail address.
        Email = "email",
        /// A phone number.
        Phone = "phone",
    }
}

code_enum! {
    /// Who fills in a placeholder.
    Fill {
        /// The customer.
        Controller = "controller",
        /// The processor.
        Processor = "processor",
    }
}

code_enum! {
    /// Why a measure was weakened, in a justification.
    JustificationKind {
        /// The measure is weaker than before.
        Weakening = "weakening",
        /// Responsibility moved to another party.
        ResponsibilityShift = "responsibility-shift",
        /// The scope became narrower.
        ScopeNarrowed = "scope-narrowed",
    }
}
