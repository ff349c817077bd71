//! Closed vocabularies: the codes the law and the seeds give a fixed set of
//! values. Each enum becomes a JSON Schema `enum`, so editors complete them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a closed code list: `Variant = "code" => "deutsches Label"`.
///
/// The doc comments become the JSON Schema descriptions; the German label is
/// what documents, reports and change texts print for the value.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// The type name, as the JSON Schema names the definition.
            pub const NAME: &'static str = stringify!($name);

            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as written in TOML.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The value a code stands for, if it is one of this list.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The German label, as documents, reports and change texts print it.
            pub fn label_de(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
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
        Template = "template" => "Vertragsvorlage",
        /// Standard terms that apply to every customer without per-customer data.
        Standard = "standard" => "Standardbedingungen",
        /// A standalone annex (e.g. a TOM annex) without contract clauses.
        Annex = "annex" => "eigenständige Anlage",
    }
}

code_enum! {
    /// Lifecycle status of a version.
    Status {
        /// Being written.
        Draft = "draft" => "Entwurf",
        /// Under review.
        Review = "review" => "in Prüfung",
        /// Approved and in force.
        Final = "final" => "finale Version",
        /// Replaced by a newer version.
        Superseded = "superseded" => "ersetzt",
        /// Withdrawn.
        Withdrawn = "withdrawn" => "zurückgezogen",
    }
}

impl Status {
    /// Whether a version with this status is released: in force, replaced
    /// or withdrawn after it was in force. Customers may have signed it.
    pub fn is_released(self) -> bool {
        matches!(self, Status::Final | Status::Superseded | Status::Withdrawn)
    }
}

code_enum! {
    /// How dates are printed in the rendered document.
    DateStyle {
        /// 29.02.2024
        Numeric = "numeric" => "numerisch",
        /// 9. Juni 2018
        Long = "long" => "ausgeschrieben",
    }
}

code_enum! {
    /// A contracting party's role under the GDPR.
    PartyRole {
        /// The controller (Verantwortlicher, Auftraggeber).
        Controller = "controller" => "Verantwortlicher",
        /// The processor (Auftragsverarbeiter, Auftragnehmer).
        Processor = "processor" => "Auftragsverarbeiter",
    }
}

code_enum! {
    /// The contents GDPR Art. 28(2)–(4), (9), Art. 32, 33(2) and 37 require
    /// of a processing agreement; clauses carry them in `covers`.
    Art28Item {
        /// Art. 28(3) first sentence: subject matter.
        Subject = "art28-3-subject" => "Gegenstand der Verarbeitung",
        /// Art. 28(3) first sentence: duration.
        Duration = "art28-3-duration" => "Dauer der Verarbeitung",
        /// Art. 28(3) first sentence: nature of the processing.
        Nature = "art28-3-nature" => "Art der Verarbeitung",
        /// Art. 28(3) first sentence: purpose of the processing.
        Purpose = "art28-3-purpose" => "Zweck der Verarbeitung",
        /// Art. 28(3) first sentence: type of personal data.
        DataTypes = "art28-3-data-types" => "Art der personenbezogenen Daten",
        /// Art. 28(3) first sentence: categories of data subjects.
        DataSubjects = "art28-3-data-subjects" => "Kategorien betroffener Personen",
        /// Art. 28(3) first sentence: obligations and rights of the controller.
        ControllerRights = "art28-3-controller-rights" => "Rechte und Pflichten des Verantwortlichen",
        /// Art. 28(3)(a): processing only on documented instructions.
        A = "art28-3-a" => "Weisungsgebundenheit (lit. a)",
        /// Art. 28(3)(a): including transfers to third countries.
        ATransfers = "art28-3-a-transfers" => "Weisungen zu Drittlandübermittlungen (lit. a)",
        /// Art. 28(3)(a): inform the controller of a legal requirement to process.
        ALegalRequirement = "art28-3-a-legal-requirement" => "Mitteilung gesetzlicher Verarbeitungspflichten (lit. a)",
        /// Art. 28(3)(b): confidentiality of authorised persons.
        B = "art28-3-b" => "Vertraulichkeit (lit. b)",
        /// Art. 28(3)(c): the measures required by Art. 32.
        C = "art28-3-c" => "Maßnahmen nach Art. 32 (lit. c)",
        /// Art. 28(3)(d): conditions for engaging sub-processors.
        D = "art28-3-d" => "Unterauftragsverhältnisse (lit. d)",
        /// Art. 28(3)(e): assistance with data-subject requests.
        E = "art28-3-e" => "Unterstützung bei Betroffenenrechten (lit. e)",
        /// Art. 28(3)(f): assistance with Art. 32–36.
        F = "art28-3-f" => "Unterstützung nach Art. 32–36 (lit. f)",
        /// Art. 28(3)(g): deletion or return at the end.
        G = "art28-3-g" => "Löschung oder Rückgabe (lit. g)",
        /// Art. 28(3)(h): information and audits.
        H = "art28-3-h" => "Nachweise und Kontrollen (lit. h)",
        /// Art. 28(3) last subparagraph: inform about infringing instructions.
        InfringingInstruction = "art28-3-infringing-instruction" => "Hinweis auf rechtswidrige Weisungen",
        /// Art. 28(2): prior specific or general written authorisation.
        Art28_2 = "art28-2" => "Genehmigung von Unterauftragnehmern (Abs. 2)",
        /// Art. 28(2): the controller's opportunity to object.
        Art28_2Objection = "art28-2-objection" => "Einspruchsrecht (Abs. 2)",
        /// Art. 28(4): the same obligations flow down to sub-processors.
        Art28_4 = "art28-4" => "Weitergabe der Pflichten (Abs. 4)",
        /// Art. 28(4): the processor remains liable.
        Art28_4Liability = "art28-4-liability" => "Haftung für Unterauftragnehmer (Abs. 4)",
        /// Art. 28(9): written form, including electronic form.
        Art28_9 = "art28-9" => "Schriftform (Abs. 9)",
        /// Art. 32: security of processing.
        Art32 = "art32" => "Sicherheit der Verarbeitung (Art. 32)",
        /// Art. 33(2): breach notification to the controller.
        Art33_2 = "art33-2" => "Meldung von Verletzungen (Art. 33 Abs. 2)",
        /// Art. 9: safeguards for special categories of data.
        Art9Safeguards = "art9-safeguards" => "Garantien für besondere Kategorien (Art. 9)",
        /// Art. 37: data protection officer.
        Art37Dpo = "art37-dpo" => "Datenschutzbeauftragter (Art. 37)",
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
}

code_enum! {
    /// Non-Art. 28 topics a clause deals with.
    Topic {
        /// Definitions.
        Definitions = "definitions" => "Begriffsbestimmungen",
        /// Preamble.
        Preamble = "preamble" => "Präambel",
        /// Scope of the agreement.
        Scope = "scope" => "Geltungsbereich",
        /// Ancillary services that are not sub-processing.
        AncillaryServices = "ancillary-services" => "Nebenleistungen",
        /// Remuneration and costs.
        Remuneration = "remuneration" => "Vergütung und Kosten",
        /// Liability.
        Liability = "liability" => "Haftung",
        /// Indemnity.
        Indemnity = "indemnity" => "Freistellung",
        /// Contractual penalty.
        Penalty = "penalty" => "Vertragsstrafe",
        /// Confidentiality between the parties.
        Confidentiality = "confidentiality" => "Geheimhaltung",
        /// Amendments.
        Amendment = "amendment" => "Vertragsänderungen",
        /// Written form.
        WrittenForm = "written-form" => "Schriftform",
        /// Severability.
        Severability = "severability" => "salvatorische Klausel",
        /// Governing law.
        GoverningLaw = "governing-law" => "anwendbares Recht",
        /// Place of jurisdiction.
        Venue = "venue" => "Gerichtsstand",
        /// Termination.
        Termination = "termination" => "Kündigung",
        /// Notice of insolvency or seizure.
        InsolvencyNotice = "insolvency-notice" => "Mitteilung bei Pfändung, Beschlagnahme oder Insolvenz",
        /// Exclusion of a right of retention.
        RetentionRightExcluded = "retention-right-excluded" => "Ausschluss des Zurückbehaltungsrechts",
        /// Precedence between documents.
        Hierarchy = "hierarchy" => "Rangfolge der Dokumente",
        /// Cooperation with supervisory authorities.
        Cooperation = "cooperation" => "Zusammenarbeit mit Aufsichtsbehörden",
        /// Anything else.
        Other = "other" => "Sonstiges",
    }
}

code_enum! {
    /// How the duration of the processing is set.
    DurationKind {
        /// A fixed start and end.
        Fixed = "fixed" => "befristet",
        /// Indefinite, with a notice period.
        Indefinite = "indefinite" => "unbefristet mit Kündigungsfrist",
        /// Coupled to the main contract.
        Coupled = "coupled" => "Laufzeit des Hauptvertrags",
        /// As long as the processor processes data for the controller.
        WhileProcessing = "while-processing" => "für die Dauer der Auftragsverarbeitung",
        /// Chosen per customer from alternatives.
        Choice = "choice" => "Auswahl je Kunde",
    }
}

code_enum! {
    /// Where the agreement lets processing take place.
    ProcessingRegion {
        /// Germany only.
        De = "de" => "Deutschland",
        /// Member states of the EU.
        Eu = "eu" => "EU",
        /// The European Economic Area.
        Eea = "eea" => "EU/EWR",
        /// The EEA and countries with an adequacy decision.
        EeaPlusAdequate = "eea-plus-adequate" => "EU/EWR und Länder mit Angemessenheitsbeschluss",
        /// No restriction.
        Worldwide = "worldwide" => "weltweit",
        /// Not stated.
        Unspecified = "unspecified" => "nicht angegeben",
    }
}

code_enum! {
    /// Special categories of personal data (Art. 9(1), Art. 10 GDPR).
    SpecialCategory {
        /// Racial or ethnic origin.
        RacialEthnicOrigin = "racial-ethnic-origin" => "rassische und ethnische Herkunft",
        /// Political opinions.
        PoliticalOpinions = "political-opinions" => "politische Meinungen",
        /// Religious beliefs.
        ReligiousBeliefs = "religious-beliefs" => "religiöse Überzeugungen",
        /// Philosophical beliefs.
        PhilosophicalBeliefs = "philosophical-beliefs" => "weltanschauliche Überzeugungen",
        /// Trade-union membership.
        TradeUnionMembership = "trade-union-membership" => "Gewerkschaftszugehörigkeit",
        /// Genetic data.
        Genetic = "genetic" => "genetische Daten",
        /// Biometric data for identification.
        BiometricIdentification = "biometric-identification" => "biometrische Daten zur eindeutigen Identifizierung",
        /// Data concerning health.
        Health = "health" => "Gesundheitsdaten",
        /// Sex life.
        SexLife = "sex-life" => "Sexualleben",
        /// Sexual orientation.
        SexualOrientation = "sexual-orientation" => "sexuelle Orientierung",
        /// Criminal convictions and offences (Art. 10).
        CriminalConvictions = "criminal-convictions" => "strafrechtliche Verurteilungen und Straftaten",
    }
}

code_enum! {
    /// Where a list of particulars comes from.
    ParticularsSource {
        /// Listed in the agreement itself.
        Inline = "inline" => "im Vertrag aufgeführt",
        /// Supplied by each customer instance.
        Instance = "instance" => "je Kunde angegeben",
        /// Delegated to another document (the service agreement).
        Delegated = "delegated" => "im Leistungsvertrag geregelt",
    }
}

code_enum! {
    /// Kind of authorisation for sub-processors (Art. 28(2)).
    Authorisation {
        /// General written authorisation with notice of changes and a right to object.
        General = "general" => "allgemeine schriftliche Genehmigung",
        /// Prior specific authorisation of each sub-processor.
        Specific = "specific" => "vorherige gesonderte schriftliche Genehmigung",
        /// Each customer chooses (`[subprocessing] choice` names the choice).
        Choice = "choice" => "Auswahl je Kunde",
    }
}

code_enum! {
    /// Status of the processor's data protection officer.
    DpoStatus {
        /// A DPO is appointed.
        Appointed = "appointed" => "benannt",
        /// No DPO is required.
        NotRequired = "not-required" => "nicht erforderlich",
        /// A DPO is appointed when the law requires one.
        WhenRequired = "when-required" => "benannt, soweit gesetzlich vorgeschrieben",
        /// The customer's form chooses between alternatives.
        Choice = "choice" => "Auswahl je Kunde",
    }
}

code_enum! {
    /// Kind of service the agreement covers.
    ServiceKind {
        /// A main contract the agreement depends on.
        Main = "main" => "Hauptleistung",
        /// An optional service.
        Optional = "optional" => "optionale Leistung",
        /// A component of other services (e.g. a customer portal).
        Component = "component" => "Bestandteil anderer Leistungen",
    }
}

code_enum! {
    /// Kind of an external document the agreement refers to.
    ReferenceKind {
        /// The main contract or service agreement.
        MainContract = "main-contract" => "Hauptvertrag",
        /// General terms.
        Terms = "terms" => "Allgemeine Geschäftsbedingungen",
        /// A service description.
        ServiceDescription = "service-description" => "Leistungsbeschreibung",
        /// A web page.
        WebPage = "web-page" => "Webseite",
        /// A law.
        Law = "law" => "Gesetz",
        /// Anything else.
        Other = "other" => "sonstiges Dokument",
    }
}

code_enum! {
    /// A part of the printed document, in print order.
    PartKind {
        /// A cover letter.
        Cover = "cover" => "Anschreiben",
        /// The title block and the parties.
        Parties = "parties" => "Titel und Vertragsparteien",
        /// The clause tree.
        Body = "body" => "Vertragstext",
        /// The signature blocks.
        Signatures = "signatures" => "Unterschriften",
        /// A free annex declared in `[[annex]]`.
        Annex = "annex" => "Anlage",
        /// The sub-processor list from `subprocessors.toml`.
        Subprocessors = "subprocessors" => "Liste der Unterauftragnehmer",
        /// The TOM annex from `tom.toml`.
        Tom = "tom" => "technische und organisatorische Maßnahmen",
        /// The footnotes.
        Footnotes = "footnotes" => "Fußnoten",
    }
}

code_enum! {
    /// How a list is marked.
    ListStyle {
        /// Bullets.
        Bullet = "bullet" => "Aufzählungszeichen",
        /// 1. 2. 3.
        Numbered = "numbered" => "Nummerierung",
        /// a) b) c)
        Alpha = "alpha" => "Buchstaben",
        /// No marker: one paragraph per item.
        None = "none" => "ohne Kennzeichnung",
    }
}

code_enum! {
    /// Structured data a block prints in place.
    EmbedTarget {
        /// The purposes of processing.
        #[allow(missing_docs)]
        Purposes = "particulars.purposes" => "Zwecke der Verarbeitung",
        /// The data categories.
        DataCategories = "particulars.data_categories" => "Kategorien personenbezogener Daten",
        /// The categories of data subjects.
        DataSubjects = "particulars.data_subjects" => "Kategorien betroffener Personen",
        /// The services from `[[service]]`.
        Services = "services" => "Leistungen",
        /// The sub-processor list.
        Subprocessors = "subprocessors" => "Liste der Unterauftragnehmer",
        /// The data protection officer's contact.
        Dpo = "dpo" => "Kontaktdaten des Datenschutzbeauftragten",
        /// The persons authorised to give instructions.
        InstructionsAuthorised = "instructions.authorised" => "weisungsberechtigte Personen",
        /// The recipients of instructions.
        InstructionsRecipients = "instructions.recipients" => "Weisungsempfänger",
        /// The version table.
        History = "history" => "Versionstabelle",
        /// A table of contents of the TOM annex.
        Toc = "toc" => "Inhaltsverzeichnis der TOM-Anlage",
    }
}

code_enum! {
    /// Whether a choice takes one option or several.
    ChoiceSelect {
        /// Exactly one option.
        One = "one" => "Einfachauswahl",
        /// Any number of options.
        Any = "any" => "Mehrfachauswahl",
    }
}

code_enum! {
    /// The objectives of Art. 32(1) GDPR.
    Objective {
        /// lit. a: pseudonymisation.
        Pseudonymisation = "pseudonymisation" => "Pseudonymisierung",
        /// lit. a: encryption.
        Encryption = "encryption" => "Verschlüsselung",
        /// lit. b: confidentiality.
        Confidentiality = "confidentiality" => "Vertraulichkeit",
        /// lit. b: integrity.
        Integrity = "integrity" => "Integrität",
        /// lit. b: availability.
        Availability = "availability" => "Verfügbarkeit",
        /// lit. b: resilience.
        Resilience = "resilience" => "Belastbarkeit",
        /// lit. c: timely restoration.
        Recoverability = "recoverability" => "rasche Wiederherstellbarkeit",
        /// lit. d: regular testing and evaluation.
        Evaluation = "evaluation" => "regelmäßige Überprüfung, Bewertung und Evaluierung",
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
        PhysicalAccess = "physical-access" => "Zutrittskontrolle",
        /// Zugangskontrolle.
        SystemAccess = "system-access" => "Zugangskontrolle",
        /// Zugriffskontrolle.
        DataAccess = "data-access" => "Zugriffskontrolle",
        /// Datenträgerkontrolle.
        DataMedia = "data-media" => "Datenträgerkontrolle",
        /// Trennungskontrolle / Trennungsgebot.
        Separation = "separation" => "Trennungskontrolle",
        /// Pseudonymisierung.
        Pseudonymisation = "pseudonymisation" => "Pseudonymisierung",
        /// Verschlüsselung.
        Encryption = "encryption" => "Verschlüsselung",
        /// Weitergabekontrolle.
        Transfer = "transfer" => "Weitergabekontrolle",
        /// Eingabekontrolle.
        Input = "input" => "Eingabekontrolle",
        /// Verfügbarkeitskontrolle.
        Availability = "availability" => "Verfügbarkeitskontrolle",
        /// Belastbarkeit.
        Resilience = "resilience" => "Belastbarkeit",
        /// Rasche Wiederherstellbarkeit.
        Recovery = "recovery" => "rasche Wiederherstellbarkeit",
        /// Überprüfung, Bewertung und Evaluierung.
        Evaluation = "evaluation" => "Überprüfung, Bewertung und Evaluierung",
        /// Datenschutz-Management.
        DpManagement = "dp-management" => "Datenschutz-Management",
        /// Incident-Response-Management.
        IncidentResponse = "incident-response" => "Incident-Response-Management",
        /// Datenschutzfreundliche Voreinstellungen.
        PrivacyByDefault = "privacy-by-default" => "datenschutzfreundliche Voreinstellungen",
        /// Auftragskontrolle.
        ProcessorControl = "processor-control" => "Auftragskontrolle",
        /// Innerbetriebliche Organisation.
        Organisation = "organisation" => "innerbetriebliche Organisation",
        /// Fernwartung.
        RemoteMaintenance = "remote-maintenance" => "Fernwartung",
        /// Supportanfragen.
        Support = "support" => "Supportanfragen",
    }
}

code_enum! {
    /// The DPV top class of a measure.
    MeasureKind {
        /// Technical measure.
        Technical = "technical" => "technische Maßnahme",
        /// Organisational measure.
        Organisational = "organisational" => "organisatorische Maßnahme",
        /// Physical measure.
        Physical = "physical" => "physische Maßnahme",
        /// Legal measure.
        Legal = "legal" => "rechtliche Maßnahme",
    }
}

code_enum! {
    /// What a TOM entry states.
    Statement {
        /// A measure the responsible party takes (default).
        Measure = "measure" => "Maßnahme",
        /// Allocates responsibility to a party ("obliegt dem Auftraggeber").
        Allocation = "allocation" => "Zuweisung der Zuständigkeit",
        /// States a control goal.
        Goal = "goal" => "Kontrollziel",
        /// Explanatory prose that is not a measure of its own.
        Note = "note" => "Erläuterung",
    }
}

code_enum! {
    /// Who is responsible for a measure.
    Responsible {
        /// The processor (default).
        Processor = "processor" => "Auftragnehmer",
        /// The controller.
        Controller = "controller" => "Auftraggeber",
        /// Both parties.
        Shared = "shared" => "Auftraggeber und Auftragnehmer",
        /// A sub-processor.
        Subprocessor = "subprocessor" => "Unterauftragnehmer",
    }
}

code_enum! {
    /// When a measure applies.
    Condition {
        /// Only where agreed.
        Agreed = "agreed" => "soweit vereinbart",
        /// On request.
        OnRequest = "on-request" => "auf Anfrage",
        /// Where the systems support it.
        WhereSupported = "where-supported" => "soweit von den Systemen unterstützt",
        /// With the controller's consent.
        WithConsent = "with-consent" => "mit Zustimmung des Auftraggebers",
    }
}

code_enum! {
    /// How a measure is printed.
    MeasureStyle {
        /// A bullet item.
        Bullet = "bullet" => "Aufzählungspunkt",
        /// A paragraph of its own.
        Paragraph = "paragraph" => "eigener Absatz",
        /// A bullet with the label, then the text as a paragraph.
        Titled = "titled" => "Aufzählungspunkt mit Titel und Absatz",
        /// A numbered item.
        Numbered = "numbered" => "nummerierter Punkt",
    }
}

code_enum! {
    /// What a column of a TOM annex's measure table shows.
    MeasureColumnField {
        /// The title of the measure's section, the control area.
        Section = "section" => "Kontrollbereich",
        /// The measure.
        Measure = "measure" => "Maßnahme",
        /// Technical or organisational.
        Kind = "kind" => "Art der Maßnahme",
    }
}

code_enum! {
    /// How a heading is printed.
    HeadingStyle {
        /// On its own line.
        Block = "block" => "eigene Zeile",
        /// Run into the first paragraph.
        RunIn = "run-in" => "in den ersten Absatz eingebunden",
    }
}

code_enum! {
    /// Kind of a site.
    SiteKind {
        /// A data centre.
        Datacenter = "datacenter" => "Rechenzentrum",
        /// An office.
        Office = "office" => "Büro",
        /// Anything else.
        Other = "other" => "sonstiger Standort",
    }
}

code_enum! {
    /// Category of a sub-processor, as the seeds group them.
    SubprocessorCategory {
        /// Supports the main service.
        Main = "main" => "Hauptleistung",
        /// Supports an optional, ancillary service.
        Optional = "optional" => "optionale Zusatzleistung",
        /// An affiliated company.
        Affiliated = "affiliated" => "verbundenes Unternehmen",
        /// Infrastructure and platform services.
        Infrastructure = "infrastructure" => "Infrastruktur- und Plattformdienste",
        /// Communication services (newsletters, e-mail).
        Communication = "communication" => "Kommunikationsdienste",
        /// Destruction of data carriers.
        Disposal = "disposal" => "Datenträgervernichtung",
        /// Support and service.
        Support = "support" => "Support und Service",
        /// Anything else.
        Other = "other" => "Sonstiges",
    }
}

code_enum! {
    /// How the sub-processor list is printed.
    ListLayout {
        /// A table with the configured columns.
        Table = "table" => "Tabelle",
        /// A bullet list: name and address, then service and safeguards.
        List = "list" => "Aufzählung",
    }
}

code_enum! {
    /// A sub-processor field a list column shows.
    SubprocessorField {
        /// The name.
        Name = "name" => "Name",
        /// The address.
        Address = "address" => "Anschrift",
        /// The name, a line break and the address, in one cell.
        NameAddress = "name-address" => "Name und Anschrift",
        /// The processing location.
        Location = "location" => "Ort der Verarbeitung",
        /// The service.
        Service = "service" => "Leistung",
        /// The safeguards, joined.
        Safeguards = "safeguards" => "Garantien",
        /// The country.
        Country = "country" => "Land",
    }
}

code_enum! {
    /// Chapter V GDPR transfer mechanisms.
    TransferMechanism {
        /// Art. 45 adequacy decision (incl. the EU-US Data Privacy Framework).
        Adequacy = "adequacy" => "Angemessenheitsbeschluss",
        /// Art. 46(2)(c) standard contractual clauses of the Commission.
        Scc = "scc" => "Standardvertragsklauseln",
        /// Art. 46(2)(d) clauses adopted by a supervisory authority.
        SccSupervisoryAuthority = "scc-sa" => "Standarddatenschutzklauseln einer Aufsichtsbehörde",
        /// Art. 46(2)(b), 47 binding corporate rules.
        Bcr = "bcr" => "verbindliche interne Datenschutzvorschriften",
        /// Art. 46(2)(e) approved code of conduct.
        CodeOfConduct = "code-of-conduct" => "genehmigte Verhaltensregeln",
        /// Art. 46(2)(f) approved certification.
        Certification = "certification" => "genehmigter Zertifizierungsmechanismus",
        /// Art. 46(3)(a) authorised ad-hoc clauses.
        AdHocClauses = "ad-hoc-clauses" => "genehmigte Vertragsklauseln",
        /// Art. 46(3)(b) administrative arrangement.
        AdminArrangement = "admin-arrangement" => "Verwaltungsvereinbarung",
        /// Art. 46(2)(a) legally binding instrument between public bodies.
        LegalInstrument = "legal-instrument" => "rechtlich bindendes Dokument",
        /// Art. 49 derogation.
        Derogation = "derogation" => "Ausnahme nach Art. 49 DS-GVO",
    }
}

code_enum! {
    /// Adequacy decisions of the Commission (Art. 45 GDPR).
    AdequacyDecision {
        /// Andorra.
        Ad = "ad" => "Andorra",
        /// Argentina.
        Ar = "ar" => "Argentinien",
        /// Canada (commercial organisations).
        Ca = "ca" => "Kanada (kommerzielle Organisationen)",
        /// Switzerland.
        Ch = "ch" => "Schweiz",
        /// Faroe Islands.
        Fo = "fo" => "Färöer",
        /// United Kingdom.
        Gb = "gb" => "Vereinigtes Königreich",
        /// Guernsey.
        Gg = "gg" => "Guernsey",
        /// Israel.
        Il = "il" => "Israel",
        /// Isle of Man.
        Im = "im" => "Insel Man",
        /// Jersey.
        Je = "je" => "Jersey",
        /// Japan.
        Jp = "jp" => "Japan",
        /// Republic of Korea.
        Kr = "kr" => "Republik Korea",
        /// New Zealand.
        Nz = "nz" => "Neuseeland",
        /// Uruguay.
        Uy = "uy" => "Uruguay",
        /// EU-US Data Privacy Framework (certified US organisations only).
        EuUsDpf = "eu-us-dpf" => "EU-U.S. Data Privacy Framework",
    }
}

code_enum! {
    /// Certifications a sub-processor holds.
    CertificationCode {
        /// ISO/IEC 27001.
        Iso27001 = "iso-27001" => "ISO/IEC 27001",
        /// ISO/IEC 27017.
        Iso27017 = "iso-27017" => "ISO/IEC 27017",
        /// ISO/IEC 27018.
        Iso27018 = "iso-27018" => "ISO/IEC 27018",
        /// ISO/IEC 27701.
        Iso27701 = "iso-27701" => "ISO/IEC 27701",
        /// ISO 9001.
        Iso9001 = "iso-9001" => "ISO 9001",
        /// BSI C5.
        BsiC5 = "bsi-c5" => "BSI C5",
        /// BSI IT-Grundschutz.
        BsiGrundschutz = "bsi-grundschutz" => "BSI IT-Grundschutz",
        /// TISAX.
        Tisax = "tisax" => "TISAX",
        /// Another certification, named in the label.
        Other = "other" => "sonstige Zertifizierung",
    }
}

code_enum! {
    /// Audit attestations a sub-processor holds.
    AttestationCode {
        /// SOC 1.
        Soc1 = "soc1" => "SOC 1",
        /// SOC 2.
        Soc2 = "soc2" => "SOC 2",
        /// ISAE 3402 Type II.
        Isae3402Type2 = "isae-3402-type-2" => "ISAE 3402 Typ II",
        /// SSAE 16.
        Ssae16 = "ssae-16" => "SSAE 16",
        /// SSAE 18.
        Ssae18 = "ssae-18" => "SSAE 18",
        /// PCI DSS.
        PciDss = "pci-dss" => "PCI DSS",
        /// Another attestation, named in the label.
        Other = "other" => "sonstiges Testat",
    }
}

code_enum! {
    /// Codes of conduct a sub-processor adheres to.
    CodeOfConductCode {
        /// CISPE Data Protection Code of Conduct.
        Cispe = "cispe" => "CISPE Data Protection Code of Conduct",
        /// EU Cloud Code of Conduct.
        EuCloudCoc = "eu-cloud-coc" => "EU Cloud Code of Conduct",
        /// Another code, named in the label.
        Other = "other" => "sonstige Verhaltensregeln",
    }
}

code_enum! {
    /// Kind of a change in a version row.
    ChangeKind {
        /// First version (Erstfassung).
        Initial = "initial" => "Erstfassung",
        /// Addition (Ergänzung).
        Addition = "addition" => "Ergänzung",
        /// Update (Aktualisierung).
        Update = "update" => "Aktualisierung",
        /// Removal (Wegfall).
        Removal = "removal" => "Wegfall",
        /// Formal correction without change of meaning (formale Korrektur).
        Formal = "formal" => "formale Korrektur",
    }
}

code_enum! {
    /// Status of a customer instance.
    InstanceStatus {
        /// Being prepared.
        Draft = "draft" => "Entwurf",
        /// Sent to the customer.
        Sent = "sent" => "versandt",
        /// Signed by both parties.
        Signed = "signed" => "unterzeichnet",
        /// Terminated.
        Terminated = "terminated" => "beendet",
    }
}

code_enum! {
    /// Type of value a placeholder takes.
    PlaceholderType {
        /// One line of text.
        Text = "text" => "einzeiliger Text",
        /// Several lines of text.
        Multiline = "multiline" => "mehrzeiliger Text",
        /// A date.
        Date = "date" => "Datum",
        /// A number.
        Number = "number" => "Zahl",
        /// An amount of money.
        Money = "money" => "Geldbetrag",
        /// An e-mail address.
        Email = "email" => "E-Mail-Adresse",
        /// A phone number.
        Phone = "phone" => "Telefonnummer",
    }
}

code_enum! {
    /// Who fills in a placeholder.
    Fill {
        /// The customer.
        Controller = "controller" => "Auftraggeber",
        /// The processor.
        Processor = "processor" => "Auftragnehmer",
    }
}

code_enum! {
    /// Why a measure was weakened, in a justification.
    JustificationKind {
        /// The measure is weaker than before.
        Weakening = "weakening" => "Abschwächung der Maßnahme",
        /// Responsibility moved to another party.
        ResponsibilityShift = "responsibility-shift" => "Verlagerung der Zuständigkeit",
        /// The scope became narrower.
        ScopeNarrowed = "scope-narrowed" => "Einschränkung des Anwendungsbereichs",
    }
}

/// Declares the registry of all code lists: [`label_de_of`], and for the
/// tests the names and the values of every list. Every `code_enum!` above
/// must be named here (a test reads this file to check).
macro_rules! code_lists {
    ($($name:ident),+ $(,)?) => {
        /// The German label of `code` in the code list whose type name is
        /// `type_name` (the name the JSON Schema gives the definition, e.g.
        /// `"ProcessingRegion"`). `None` for an unknown list or code.
        pub fn label_de_of(type_name: &str, code: &str) -> Option<&'static str> {
            match type_name {
                $($name::NAME => $name::from_code(code).map($name::label_de),)+
                _ => None,
            }
        }

        /// The type names of all code lists, in declaration order.
        #[cfg(test)]
        const CODE_LIST_NAMES: &[&str] = &[$($name::NAME),+];

        /// Every value of every code list as (type name, code, label), after
        /// checking that `from_code` finds each value by its code.
        #[cfg(test)]
        fn every_code() -> Vec<(&'static str, &'static str, &'static str)> {
            let mut out = Vec::new();
            $(for &value in $name::ALL {
                let code = value.code();
                assert_eq!($name::from_code(code), Some(value), "{}::from_code({code:?})", $name::NAME);
                out.push(($name::NAME, code, value.label_de()));
            })+
            out
        }
    };
}

code_lists! {
    AgreementKind,
    Status,
    DateStyle,
    PartyRole,
    Art28Item,
    Topic,
    DurationKind,
    ProcessingRegion,
    SpecialCategory,
    ParticularsSource,
    Authorisation,
    DpoStatus,
    ServiceKind,
    ReferenceKind,
    PartKind,
    ListStyle,
    EmbedTarget,
    ChoiceSelect,
    Objective,
    Control,
    MeasureKind,
    Statement,
    Responsible,
    Condition,
    MeasureStyle,
    MeasureColumnField,
    HeadingStyle,
    SiteKind,
    SubprocessorCategory,
    ListLayout,
    SubprocessorField,
    TransferMechanism,
    AdequacyDecision,
    CertificationCode,
    AttestationCode,
    CodeOfConductCode,
    ChangeKind,
    InstanceStatus,
    PlaceholderType,
    Fill,
    JustificationKind,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn label_de_of_knows_the_lists_by_type_name() {
        assert_eq!(label_de_of("ProcessingRegion", "eea"), Some("EU/EWR"));
        assert_eq!(label_de_of("ProcessingRegion", "de"), Some("Deutschland"));
        assert_eq!(label_de_of("Status", "final"), Some("finale Version"));
        assert_eq!(label_de_of("ChangeKind", "formal"), Some("formale Korrektur"));
        assert_eq!(label_de_of("TransferMechanism", "adequacy"), Some("Angemessenheitsbeschluss"));
        assert_eq!(label_de_of("AdequacyDecision", "eu-us-dpf"), Some("EU-U.S. Data Privacy Framework"));
        assert_eq!(label_de_of("Authorisation", "general"), Some("allgemeine schriftliche Genehmigung"));
        assert_eq!(label_de_of("Responsible", "processor"), Some("Auftragnehmer"));
        assert_eq!(label_de_of("Art28Item", "art28-3-a"), Some("Weisungsgebundenheit (lit. a)"));
        assert_eq!(ProcessingRegion::NAME, "ProcessingRegion");
        assert_eq!(ProcessingRegion::from_code("eea-plus-adequate"), Some(ProcessingRegion::EeaPlusAdequate));
    }

    #[test]
    fn label_de_of_rejects_unknown_lists_and_codes() {
        assert_eq!(label_de_of("ProcessingRegion", "mars"), None);
        assert_eq!(label_de_of("ProcessingRegion", "Deutschland"), None);
        assert_eq!(label_de_of("NoSuchList", "de"), None);
        // The lookup is by the type name, not by the serialised field name.
        assert_eq!(label_de_of("processing_region", "de"), None);
        assert_eq!(ProcessingRegion::from_code("DE"), None);
    }

    #[test]
    fn every_code_has_a_german_label_and_the_registry_finds_it() {
        let all = every_code();
        assert!(all.len() > CODE_LIST_NAMES.len());
        for (name, code, label) in all {
            assert!(!label.trim().is_empty(), "{name}::{code} has an empty label");
            assert_eq!(label, label.trim(), "{name}::{code}: label with outer whitespace");
            assert!(!label.ends_with('.'), "{name}::{code}: label ends with a period: {label:?}");
            assert_eq!(label_de_of(name, code), Some(label), "label_de_of({name:?}, {code:?})");
        }
    }

    #[test]
    fn labels_are_distinct_within_a_list() {
        let mut seen = BTreeSet::new();
        for (name, code, label) in every_code() {
            assert!(seen.insert((name, label)), "{name}::{code}: label {label:?} used twice");
        }
    }

    #[test]
    fn the_registry_names_every_code_enum_in_this_file() {
        // Each invocation starts `code_enum! {`, then doc comments and
        // attributes, then the type name.
        let source = include_str!("codes.rs");
        let mut declared = Vec::new();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if line != "code_enum! {" {
                continue;
            }
            let name = lines
                .by_ref()
                .map(str::trim)
                .find(|l| !l.starts_with("///") && !l.starts_with("#["))
                .and_then(|l| l.strip_suffix(" {"))
                .expect("a type name after `code_enum! {`");
            declared.push(name);
        }
        assert_eq!(declared, CODE_LIST_NAMES, "every code_enum! must be listed in code_lists!, in order");
        let unique: BTreeSet<_> = CODE_LIST_NAMES.iter().collect();
        assert_eq!(unique.len(), CODE_LIST_NAMES.len());
    }
}
