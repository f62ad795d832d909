/*
 * demo_data.c - the tables of demo_data.h: Fjordvik kommune, its people and
 * the texts of its individual plans. Written in Norwegian bokmål, as the users
 * of the demo would write; every name, address and number is invented.
 */
#include "cmd/demo_data.h"

#include <string.h>

/* ---- organisations ---------------------------------------------------- */

const demo_org_def demo_orgs[DO_COUNT] = {
    [DO_DEPT] = {"Helse, omsorg og velferd", "HOV", "department", "municipal", DO_NONE,
                 "+47 75 10 00 00", "postmottak@fjordvik.kommune.example", "administrative", NULL,
                 1, 0, "service"},
    [DO_TILDELING] = {"Tildelingskontoret", "Tildeling", "unit", "municipal", DO_DEPT,
                      "+47 75 10 01 00", "tildeling@fjordvik.kommune.example", "social_worker",
                      "nurse", 5, 40, "service"},
    [DO_HJEMMESYKEPLEIE] = {"Hjemmesykepleien", "Hjemmesykepleie", "unit", "municipal", DO_DEPT,
                            "+47 75 10 02 00", "hjemmesykepleien@fjordvik.kommune.example", "nurse",
                            "health_worker", 12, 15, "service"},
    [DO_PRAKTISK] = {"Praktisk bistand og avlastning", "Praktisk bistand", "unit", "municipal",
                     DO_DEPT, "+47 75 10 03 00", "praktiskbistand@fjordvik.kommune.example",
                     "health_worker", "social_educator", 6, 0, "service"},
    [DO_PSYKRUS] = {"Psykisk helse og rus", "Psykisk helse og rus", "unit", "municipal", DO_DEPT,
                    "+47 75 10 04 00", "psykiskhelse@fjordvik.kommune.example", "nurse",
                    "social_worker", 8, 50, "service"},
    [DO_BOLIG] = {"Boligkontoret", "Bolig", "unit", "municipal", DO_DEPT, "+47 75 10 05 00",
                  "bolig@fjordvik.kommune.example", "housing_adviser", NULL, 3, 0, "service"},
    [DO_OKONOMI] = {"Økonomi- og gjeldsrådgivning", "Økonomi og gjeld", "unit", "municipal",
                    DO_DEPT, "+47 75 10 06 00", "gjeld@fjordvik.kommune.example", "debt_adviser",
                    NULL, 3, 0, "service"},
    [DO_DAGSENTER] = {"Fjordvik dagsenter", "Dagsenter", "unit", "municipal", DO_DEPT,
                      "+47 75 10 07 00", "dagsenter@fjordvik.kommune.example", "health_worker",
                      "occupational_therapist", 4, 0, "service"},
    [DO_FYSIOERGO] = {"Fysio- og ergoterapitjenesten", "Fysio/ergo", "unit", "municipal", DO_DEPT,
                      "+47 75 10 08 00", "fysioergo@fjordvik.kommune.example", "physiotherapist",
                      "occupational_therapist", 5, 30, "service"},
    [DO_OPPFOLGING] = {"Oppfølgingstjenesten", "Oppfølging", "unit", "municipal", DO_DEPT,
                       "+47 75 10 09 00", "oppfolging@fjordvik.kommune.example", "social_educator",
                       "peer_worker", 5, 100, "service"},
    [DO_KE] = {"Koordinerende enhet", "KE", "coordinating_unit", "municipal", DO_DEPT,
               "+47 75 10 10 00", "koordinerende.enhet@fjordvik.kommune.example", "nurse",
               "administrative", 2, 0, "service"},
    [DO_NAV] = {"NAV Fjordvik", "NAV", "external_agency", "state", DO_NONE, "+47 75 12 00 00", NULL,
                "nav_advisor", NULL, 5, 0, "nav"},
    [DO_DPS] = {"Fjordvik distriktspsykiatriske senter", "DPS", "external_agency", "specialist",
                DO_NONE, "+47 75 20 30 00", NULL, "psychologist", "physician", 4, 0, "specialist"},
    [DO_SYKEHUS] = {"Helse Nordkyst, sykehuset i Fjordvik", "Sykehuset", "external_agency",
                    "specialist", DO_NONE, "+47 75 20 00 00", NULL, "physician", "nurse", 4, 0,
                    "specialist"},
    [DO_LEGE_SENTRUM] = {"Fjordvik legesenter", "Legesenteret", "external_agency", "other", DO_NONE,
                         "+47 75 11 22 33", NULL, "physician", NULL, 2, 0, "gp"},
    [DO_LEGE_NORD] = {"Nordvika legekontor", "Nordvika lege", "external_agency", "other", DO_NONE,
                      "+47 75 11 44 55", NULL, "physician", NULL, 1, 0, "gp"},
    [DO_LEGE_HAVN] = {"Havnegata legekontor", "Havnegata lege", "external_agency", "other", DO_NONE,
                      "+47 75 11 66 77", NULL, "physician", NULL, 1, 0, "gp"},
    [DO_BARNEVERN] = {"Barneverntjenesten i Fjordvik", "Barnevern", "external_agency", "municipal",
                      DO_NONE, "+47 75 10 20 00", "barnevern@fjordvik.kommune.example",
                      "child_welfare_worker", NULL, 3, 0, "child_welfare"},
    [DO_PPT] = {"PPT og skolene i Fjordvik", "PPT/skole", "external_agency", "municipal", DO_NONE,
                "+47 75 10 30 00", "ppt@fjordvik.kommune.example", "teacher", NULL, 3, 0, "school"},
};

const char *demo_title(const char *p)
{
    static const char *const map[][2] = {
        {"nurse", "Sykepleier"},
        {"social_worker", "Sosionom"},
        {"social_educator", "Vernepleier"},
        {"psychologist", "Psykologspesialist"},
        {"physician", "Lege"},
        {"physiotherapist", "Fysioterapeut"},
        {"occupational_therapist", "Ergoterapeut"},
        {"peer_worker", "Erfaringskonsulent"},
        {"health_worker", "Helsefagarbeider"},
        {"child_welfare_worker", "Barnevernspedagog"},
        {"teacher", "Spesialpedagog"},
        {"nav_advisor", "NAV-veileder"},
        {"debt_adviser", "Gjeldsrådgiver"},
        {"housing_adviser", "Boligkonsulent"},
        {"administrative", "Rådgiver"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], p) == 0) return map[i][1];
    return NULL;
}

const demo_person_def demo_people[DP_COUNT] = {
    [DP_OLA] = {"Ola", "Haugland", "social_educator", "Vernepleier og koordinator", "koordinator",
                DO_OPPFOLGING, 100, DO_NONE, 1},
    [DP_SARA] = {"Sara", "Eira", "nurse", "Psykiatrisk sykepleier", "sara", DO_PSYKRUS, 80,
                 DO_OPPFOLGING, 1},
    [DP_NAV] = {"Nina", "Berg", "nav_advisor", "NAV-veileder", "nav", DO_NAV, 100, DO_NONE, 0},
    [DP_DPS] = {"Jonas", "Lie", "psychologist", "Psykologspesialist", "terapeut", DO_DPS, 100,
                DO_NONE, 0},
    [DP_GP] = {"Amir", "Haddad", "physician", "Fastlege", "lege", DO_LEGE_SENTRUM, 100, DO_NONE, 0},
    [DP_DEBT] = {"Ingrid", "Solheim", "debt_adviser", "Gjeldsrådgiver", "gjeld", DO_OKONOMI, 100,
                 DO_NONE, 0},
    [DP_HOUSING] = {"Per Arne", "Mikkelsen", "housing_adviser", "Boligkonsulent", "bolig", DO_BOLIG,
                    100, DO_NONE, 0},
    [DP_KE] = {"Hilde", "Strand", "nurse", "Leder, koordinerende enhet", "ke", DO_KE, 80,
               DO_TILDELING, 0},
};

/* ---- names ------------------------------------------------------------ */

static const char *const nor_female[] = {
    "Anne",   "Inger",        "Kari",      "Marit",    "Ingrid",   "Liv",      "Eva",   "Berit",
    "Astrid", "Bjørg",        "Hilde",     "Anna",     "Solveig",  "Marianne", "Randi", "Ida",
    "Nina",   "Maria",        "Elisabeth", "Kristin",  "Bente",    "Heidi",    "Silje", "Hanne",
    "Gerd",   "Linda",        "Tone",      "Wenche",   "Ragnhild", "Camilla",  "Julie", "Ingeborg",
    "Emma",   "Nora",         "Sofie",     "Olivia",   "Ella",     "Sara",     "Leah",  "Frida",
    "Maja",   "Ingrid Marie", "Aud",       "Turid",    "Gunn",     "Sigrid",   "Thea",  "Vilde",
    "Tuva",   "Hedda",        "Oda",       "Mathilde", "Karoline", "Synnøve",  "Åse",   "Torunn",
    NULL,
};
static const char *const nor_male[] = {
    "Jan",     "Per",    "Bjørn",  "Ole",    "Lars",     "Kjell",   "Knut",   "Arne",   "Svein",
    "Hans",    "Geir",   "Thomas", "Tor",    "Terje",    "Odd",     "Rune",   "Trond",  "Morten",
    "Erik",    "Jon",    "Anders", "Martin", "Kristian", "Espen",   "Stian",  "Magnus", "Jonas",
    "Andreas", "Håkon",  "Sindre", "Emil",   "Noah",     "Oskar",   "Lukas",  "Filip",  "Henrik",
    "Jakob",   "Aksel",  "Isak",   "Elias",  "Sverre",   "Øystein", "Åsmund", "Eirik",  "Tore",
    "Gunnar",  "Harald", "Olav",   "Leif",   "Ivar",     "Pål",     "Sigurd", "Vegard", "Torbjørn",
    "Ståle",   "Jørgen", NULL,
};
static const char *const nor_family[] = {
    "Hansen",    "Johansen",    "Olsen",         "Larsen",     "Andersen",
    "Pedersen",  "Nilsen",      "Kristiansen",   "Jensen",     "Karlsen",
    "Johnsen",   "Pettersen",   "Eriksen",       "Berg",       "Haugen",
    "Hagen",     "Johannessen", "Andreassen",    "Jacobsen",   "Dahl",
    "Jørgensen", "Halvorsen",   "Henriksen",     "Lund",       "Sørensen",
    "Jakobsen",  "Moen",        "Gundersen",     "Iversen",    "Strand",
    "Solberg",   "Svendsen",    "Eide",          "Knutsen",    "Martinsen",
    "Paulsen",   "Bakken",      "Kristoffersen", "Mathisen",   "Lie",
    "Amundsen",  "Rasmussen",   "Lunde",         "Solheim",    "Berge",
    "Moe",       "Nygård",      "Bakke",         "Fredriksen", "Holm",
    "Lien",      "Hauge",       "Myhre",         "Sæther",     "Aas",
    "Haugland",  "Thomassen",   "Sivertsen",     "Simonsen",   "Danielsen",
    "Berntsen",  "Sandvik",     "Rønning",       "Arnesen",    "Næss",
    "Vik",       "Ellingsen",   "Thorsen",       "Edvardsen",  "Birkeland",
    "Isaksen",   "Strøm",       "Myklebust",     "Tangen",     "Ødegård",
    "Eliassen",  "Helland",     "Bøe",           "Aune",       "Mikkelsen",
    "Tveit",     "Brekke",      "Abrahamsen",    "Nordby",     "Fjeld",
    "Kvalheim",  "Grønli",      "Valle",         "Bjørnstad",  "Hovland",
    "Engen",     NULL,
};

/* Northern Sami names, written with the Sami letters (á, č, đ, ŋ, š, ŧ, ž). */
static const char *const sami_female[] = {
    "Máret", "Ristin", "Biret",   "Elle",       "Ánne",   "Inga",  "Sárá",
    "Gádjá", "Ingá",   "Kirsten", "Ánne Márjá", "Risten", "Maiju", NULL,
};
static const char *const sami_male[] = {
    "Áilu",   "Ánde",   "Niillas", "Mihkkal",     "Ásllat", "Ovllá", "Piera",
    "Jovnna", "Máhtte", "Isak",    "Nils Mikkel", "Heaika", NULL,
};
static const char *const sami_family[] = {
    "Somby", "Sara",  "Eira", "Gaup",   "Hætta",  "Utsi", "Bongo", "Turi", "Balto",
    "Oskal", "Buljo", "Anti", "Mienna", "Máhtte", "Kemi", "Juuso", NULL,
};

static const char *const somali_female[] = {"Hodan",  "Fadumo", "Ayaan", "Ifrah", "Sagal",
                                            "Hibaaq", "Nimco",  "Ubah",  NULL};
static const char *const somali_male[] = {"Mohamed", "Abdi",  "Hassan", "Yusuf", "Abdirahman",
                                          "Ahmed",   "Liban", "Mahad",  NULL};
static const char *const somali_family[] = {"Warsame", "Abdi",  "Mohamed", "Hassan", "Farah",
                                            "Ali",     "Osman", "Jama",    "Aden",   NULL};

static const char *const polish_female[] = {"Katarzyna", "Agnieszka", "Marta",      "Magdalena",
                                            "Joanna",    "Zofia",     "Małgorzata", NULL};
static const char *const polish_male[] = {"Piotr",  "Tomasz", "Krzysztof", "Paweł",
                                          "Michał", "Łukasz", "Jakub",     NULL};
static const char *const polish_family[] = {"Nowak",     "Wójcik",      "Kowalczyk",
                                            "Zieliński", "Szymańska",   "Woźniak",
                                            "Kamiński",  "Lewandowska", NULL};

static const char *const arabic_female[] = {"Layla", "Rania", "Yara",  "Nour", "Amira",
                                            "Hala",  "Reem",  "Salma", NULL};
static const char *const arabic_male[] = {"Ahmad", "Omar", "Khaled", "Yousef", "Karim",
                                          "Tarek", "Ali",  "Bashar", NULL};
static const char *const arabic_family[] = {"Al-Hassan", "Haddad", "Khalil", "Darwish", "Saleh",
                                            "Mansour",   "Hamdan", "Nasser", NULL};

static const char *const eritrean_female[] = {"Semhar", "Selam", "Helen", "Saba",
                                              "Mebrat", "Luwam", NULL};
static const char *const eritrean_male[] = {"Yonas", "Dawit",  "Tesfay", "Filmon",
                                            "Robel", "Samuel", NULL};
static const char *const eritrean_family[] = {"Haile",   "Tekle",  "Gebremedhin", "Tesfamariam",
                                              "Berhane", "Kidane", NULL};

static const char *const viet_female[] = {"Linh", "Thao", "Mai", "Huong", "Lan", "Trang", NULL};
static const char *const viet_male[] = {"Minh", "Duc", "Tuan", "Hung", "Quang", "Nam", NULL};
static const char *const viet_family[] = {"Nguyen", "Tran", "Pham", "Le", "Hoang", "Vu", NULL};

static const char *const urdu_female[] = {"Ayesha", "Sana", "Fatima", "Zainab",
                                          "Mariam", "Hina", NULL};
static const char *const urdu_male[] = {"Bilal",  "Imran",  "Usman", "Zeeshan",
                                        "Faisal", "Kamran", NULL};
static const char *const urdu_family[] = {"Khan",     "Hussain", "Iqbal", "Butt",
                                          "Chaudhry", "Malik",   NULL};

static const char *const lith_female[] = {"Rasa", "Ieva", "Greta", "Jurgita", "Rūta", NULL};
static const char *const lith_male[] = {"Tomas",  "Jonas",      "Mindaugas",
                                        "Darius", "Žygimantas", NULL};
static const char *const lith_family[] = {"Kazlauskas", "Petrauskas", "Jankauskas",
                                          "Žukauskas",  "Balčiūnas",  NULL};

/* permille, then: prefers its language %, needs an interpreter %, born no earlier than */
const demo_origin demo_origins[] = {
    {nor_female, nor_male, nor_family, "nb", 822, 0, 0, 0},
    {sami_female, sami_male, sami_family, "se", 45, 30, 0, 0},
    {somali_female, somali_male, somali_family, "so", 22, 40, 25, 1950},
    {polish_female, polish_male, polish_family, "pl", 30, 35, 15, 1950},
    {arabic_female, arabic_male, arabic_family, "ar", 25, 45, 30, 1945},
    {eritrean_female, eritrean_male, eritrean_family, "ti", 14, 50, 35, 1960},
    {viet_female, viet_male, viet_family, "vi", 12, 35, 20, 1940},
    {urdu_female, urdu_male, urdu_family, "ur", 18, 25, 10, 1940},
    {lith_female, lith_male, lith_family, "lt", 12, 40, 15, 1950},
};
const int demo_norigins = (int)(sizeof demo_origins / sizeof demo_origins[0]);

/* ---- places ----------------------------------------------------------- */

const demo_place demo_places[] = {
    {"8690", "Fjordvik"}, {"8691", "Fjordvik"}, {"8693", "Nordvika"},
    {"8695", "Sørbygda"}, {"8697", "Skarvøy"},  {"8698", "Holmen"},
};

const demo_street demo_streets[] = {
    {"Storgata", 0},         {"Kirkegata", 0},      {"Havnegata", 0},
    {"Torggata", 0},         {"Kongens gate", 0},   {"Jernbanegata", 0},
    {"Sjøgata", 0},          {"Elvegata", 0},       {"Rådhusplassen", 0},
    {"Strandveien", 1},      {"Fjordveien", 1},     {"Skoleveien", 1},
    {"Bakkeveien", 1},       {"Solbakken", 1},      {"Lyngveien", 1},
    {"Granveien", 1},        {"Bjørkeveien", 1},    {"Furuveien", 1},
    {"Idrettsveien", 1},     {"Kløverveien", 1},    {"Åsveien", 1},
    {"Prestegårdsveien", 1}, {"Nordre ringvei", 1}, {"Søndre gate", 0},
    {"Nordvikvegen", 2},     {"Fiskarvegen", 2},    {"Rypevegen", 2},
    {"Måkevegen", 2},        {"Sørbygdvegen", 3},   {"Gardsvegen", 3},
    {"Myrvegen", 3},         {"Tunvegen", 3},       {"Skarvøyvegen", 4},
    {"Fyrvegen", 4},         {"Ternevegen", 4},     {"Holmevegen", 5},
    {"Brygga", 5},           {"Lensmannsvegen", 5}, {"Industriveien", 1},
    {"Markaveien", 1},       {"Fjellveien", 1},     {"Omsorgsboligene, Fjordtun", 0},
};
const int demo_nstreets = (int)(sizeof demo_streets / sizeof demo_streets[0]);

/* ---- short texts ------------------------------------------------------ */

const char *const demo_comm_notes_hearing[] = {
    "Bruker høreapparat. Snakk tydelig og vend ansiktet mot henne.",
    "Hører dårlig på telefon; ring heller pårørende eller kom på besøk.",
    "Bruker høreapparat, men glemmer ofte å ta det på. Skriv ned avtaler.",
    NULL,
};
const char *const demo_comm_notes_other[] = {
    "Foretrekker skriftlig informasjon på SMS.",
    "Trenger god tid og enkle ord. Oppsummer avtalen til slutt.",
    "Bruk tolk ved alle samtaler om vedtak og planer.",
    "Leser dårlig; les opp brev og vedtak.",
    "Blir urolig av mange personer i møter. Helst én eller to av gangen.",
    "Bruker tegnspråk. Bestill tegnspråktolk i god tid.",
    NULL,
};
const char *const demo_kin_notes[] = {
    "Ønsker å bli kontaktet ved endringer.",
    "Kan ringes på dagtid, ikke etter kl. 21.",
    "Bor i en annen kommune; deltar i møter på video.",
    "Har fullmakt i økonomiske saker.",
    NULL,
};
/* Per GP office, in the order DO_LEGE_SENTRUM, DO_LEGE_NORD, DO_LEGE_HAVN. */
const char *const demo_gp_names[][4] = {
    {"Amir Haddad", "Tone Fjeld", "Erik Valle", "Marte Kvalheim"},
    {"Siri Bjørnstad", "Hans Petter Nordby", "Lene Engen", "Joakim Grønli"},
    {"Farhan Iqbal", "Kristin Hovland", "Mads Sivertsen", "Beate Sæther"},
};
const char *const demo_contact_reasons[] = {
    "Ny fordeling etter omorganisering",      "Tidligere kontaktperson har sluttet",
    "Tidligere kontaktperson er i permisjon", "Brukeren ønsket en annen kontaktperson",
    "Saken ble overført til rett tjeneste",   NULL,
};
const char *const demo_close_reasons[] = {
    "Målene i planen er nådd",
    "Flyttet fra kommunen",
    "Ønsker ikke lenger individuell plan",
    "Trenger ikke lenger langvarige og koordinerte tjenester",
    "Plan erstattet av ny plan etter revisjon",
    NULL,
};
const char *const demo_eval_outcomes[] = {
    "Tiltaket fungerer og videreføres.",
    "Delvis nådd. Tiltaket justeres med tettere oppfølging.",
    "Ikke nådd ennå. Ansvarsgruppen er enige om å prøve en ny tilnærming.",
    "Målet er nådd.",
    "Tiltaket har ikke kommet i gang; ansvarlig følger opp innen to uker.",
    NULL,
};
const char *const demo_eval_owner_views[] = {
    "Jeg synes det går bedre nå, men det er fortsatt tungt noen dager.",
    "Det hjelper at noen ringer meg før møtene.",
    "Jeg vil gjerne ha flere samtaler, ikke færre.",
    "Nå føler jeg at jeg blir hørt.",
    "For mange møter. Jeg orker ikke alle.",
    "Bra! Jeg har klart mer enn jeg trodde.",
    NULL,
};
const char *const demo_coordinator_reasons[] = {
    "Oppnevnt av koordinerende enhet",
    "Ny koordinator etter at forrige sluttet",
    "Brukeren ønsket bytte av koordinator",
    NULL,
};
const char *const demo_consent_notes[] = {
    "Samtykket gjennomgått muntlig i møte.",
    "Signert skjema skannet og arkivert.",
    "Gitt digitalt.",
    NULL,
};

const char *const demo_channel_notes[] = {
    "Søknad om helse- og omsorgstjenester mottatt.",
    "Henvisning fra fastlegen med beskrivelse av behov for oppfølging.",
    "Henvisning fra sykehuset.",
    "Utskrivningsmelding mottatt; pasienten skrives ut innen kort tid.",
    "Bekymringsmelding. Melder er bekymret for at personen ikke klarer seg.",
    "Møtte opp i servicetorget og ba om hjelp.",
    "Ringte inn og ba om en samtale.",
    "Henvendelse fra krisesenteret.",
    "Henvendelse fra en annen tjeneste i kommunen.",
    "Henvendelse registrert av koordinerende enhet.",
    NULL,
};

/* ---- individual plans ------------------------------------------------- */

const demo_goal demo_kari_goal = {
    "Å bo i egen leilighet og ha en jobb å gå til",
    "housing",
    {"Få orden på gjelda så jeg kan leie en leilighet",
     "Komme i gang med noe å gjøre på dagtid, først noen timer i uka", NULL},
};
const char *const demo_kari_resources =
    "Kari er sosial og omtenksom, har god kontakt med søsteren sin og har tidligere jobbet i "
    "butikk. Hun er motivert for behandling og møter til avtaler.";
const char *const demo_kari_needs =
    "Hjelp til å få oversikt over og ordne gjeld, hjelp til å søke bolig før hun mister "
    "leiligheten, jevnlig behandling for rus og psykisk helse, og støtte til å komme i "
    "aktivitet.";

const demo_profile demo_profiles[] = {
    {
        "children",
        0,
        12,
        12,
        1,
        "Individuell plan for barn med sammensatte behov",
        {"Habilitering og oppfølging av barn", "Søknad om avlastning",
         "Henvisning fra sykehuset etter utskrivning", NULL},
        {"health", "family_children", NULL},
        {"application", "hospital_referral", "gp_referral", "other_service"},
        DO_TILDELING,
        {DO_FYSIOERGO, DO_PRAKTISK, DO_PPT, DO_SYKEHUS, DO_NONE},
        {DO_FYSIOERGO, DO_PRAKTISK, DO_PPT, DO_SYKEHUS, DO_NONE},
        {
            {"At barnet skal kunne gå i barnehagen eller på skolen sammen med vennene sine",
             "family_children",
             {"Få tilrettelagt uteområdet og hjelpemidler", "Ha en fast voksen hele dagen", NULL}},
            {"Å få mer hverdag og mindre kaos hjemme",
             "family_children",
             {"Avlastning annenhver helg", "En fast kontaktperson vi kan ringe", NULL}},
            {"At barnet skal bli sterkere og klare mer selv",
             "health",
             {"Gå i trapp uten hjelp", "Spise selv ved måltidene", NULL}},
            {NULL, NULL, {NULL}},
        },
        {
            {"Fysioterapi", "1 time i uka", "Trening i barnehagen og hjemme", DO_FYSIOERGO, 1,
             DO_NONE},
            {"Avlastning", "Annenhver helg", "Avlastningsbolig, fredag til søndag", DO_PRAKTISK, 0,
             DO_TILDELING},
            {"Spesialpedagogisk hjelp", "5 timer i uka", "I barnehagen, med spesialpedagog", DO_PPT,
             1, DO_PPT},
            {"Tilpasning av hjelpemidler", "Etter behov", "Ergoterapeut vurderer hjemmet",
             DO_FYSIOERGO, 1, DO_NONE},
            {"Kontroll på sykehuset", "Hver sjette måned", "Poliklinisk time", DO_SYKEHUS, 0,
             DO_NONE},
            {"Foreldreveiledning", "6 samtaler", NULL, DO_NONE, 0, DO_NONE},
            {NULL, NULL, NULL, 0, 0, 0},
        },
        {"Glad og nysgjerrig, liker musikk og å være ute.",
         "Trygge og engasjerte foreldre, besteforeldre i nærheten.", NULL},
        {"Hjelp med trening og hjelpemidler, avlastning for foreldrene, tilrettelegging i "
         "barnehage og skole.",
         "Koordinering mellom sykehus, barnehage og kommunen.", NULL},
        {"Foreldrene følger opp treningen hjemme.", NULL},
        {"Besteforeldrene henter i barnehagen to dager i uka.", NULL},
        {"Kommunen sørger for avlastning og fysioterapi; PPT sørger for spesialpedagog.", NULL},
        {"Samarbeid med barne- og ungdomsklinikken ved sykehuset og med barnehagen.", NULL},
        "school_plan",
        "Individuell opplæringsplan (IOP)",
        DO_PPT,
    },
    {
        "youth",
        13,
        25,
        15,
        0,
        "Individuell plan - skole, aktivitet og psykisk helse",
        {"Bekymring for skolefravær", "Ungdom uten skole eller arbeid",
         "Oppfølging etter innleggelse", NULL},
        {"health", "work_activity", "social_network", NULL},
        {"worry_report", "phone", "other_service", "walk_in"},
        DO_OPPFOLGING,
        {DO_PSYKRUS, DO_NAV, DO_PPT, DO_NONE},
        {DO_PSYKRUS, DO_NAV, DO_PPT, DO_DPS, DO_NONE},
        {
            {"Jeg vil fullføre videregående",
             "work_activity",
             {"Møte på skolen tre dager i uka", "Få hjelp med matte og norsk", NULL}},
            {"Ha noe å gå til hver dag",
             "work_activity",
             {"Prøve arbeidstrening", "Starte på trening med en venn", NULL}},
            {"Ha det bedre med meg selv",
             "health",
             {"Sove bedre", "Ha noen å snakke med når det blir tungt", NULL}},
            {NULL, NULL, {NULL}},
        },
        {
            {"Samtaler med miljøterapeut", "Hver uke", "Hjemme eller på kafé, etter ønske",
             DO_OPPFOLGING, 1, DO_NONE},
            {"Tilrettelagt opplæring", "Redusert timeplan", "Avtale med skolen og PPT", DO_PPT, 1,
             DO_PPT},
            {"Arbeidstrening", "3 dager i uka", "Gjennom NAV-tiltak", DO_NAV, 1, DO_NAV},
            {"Poliklinisk behandling", "Annenhver uke", NULL, DO_DPS, 1, DO_NONE},
            {"Fritidskontakt", "4 timer i uka", NULL, DO_PRAKTISK, 0, DO_TILDELING},
            {"Hjelp til å søke jobb", NULL, NULL, DO_NONE, 0, DO_NONE},
            {NULL, NULL, NULL, 0, 0, 0},
        },
        {"Flink med data og musikk. God venn.", "Har en mamma som bryr seg og en god trener.",
         NULL},
        {"Tett oppfølging i overgangen tilbake til skolen, hjelp til å finne aktivitet.",
         "Behandling for angst og søvnvansker.", NULL},
        {"Jeg møter til avtalene og sier fra hvis jeg ikke kan.", NULL},
        {"Mamma minner om avtaler og blir med på møter.", NULL},
        {"Skolen tilrettelegger; NAV har ansvar for arbeidstrening.", NULL},
        {"Samarbeid mellom skole, NAV, DPS og kommunen i ansvarsgruppe.", NULL},
        "nav_activity_plan",
        "Aktivitetsplan i NAV",
        DO_NAV,
    },
    {
        "mental_health_substance",
        26,
        66,
        33,
        0,
        "Individuell plan - bolig, rus og psykisk helse",
        {"Søknad om individuell plan", "Rus og psykisk helse, behov for oppfølging",
         "Fare for å miste bolig", "Utskrevet fra døgnbehandling"},
        {"health", "housing", "economy", "work_activity", NULL},
        {"application", "gp_referral", "discharge_message", "crisis_centre"},
        DO_PSYKRUS,
        {DO_NAV, DO_BOLIG, DO_OKONOMI, DO_DPS, DO_NONE},
        {DO_PSYKRUS, DO_NAV, DO_DPS, DO_BOLIG, DO_OKONOMI, DO_NONE},
        {
            {"Å ha et trygt sted å bo",
             "housing",
             {"Få kommunal bolig eller hjelp til å leie", "Betale husleia hver måned", NULL}},
            {"Å være rusfri og ha det bra",
             "health",
             {"Gå til behandling annenhver uke", "Ha en plan for dårlige dager", NULL}},
            {"Få kontroll på økonomien",
             "economy",
             {"Lage et budsjett sammen med noen", "Få en avtale med dem jeg skylder penger", NULL}},
            {"Ha en jobb eller noe meningsfylt å gjøre",
             "work_activity",
             {"Prøve arbeidstrening", "Komme meg ut av leiligheten hver dag", NULL}},
            {NULL, NULL, {NULL}},
        },
        {
            {"Gjeldsrådgivning", "4 samtaler",
             "Samtaler med gjeldsrådgiver, oversikt og søknad "
             "om gjeldsordning",
             DO_OKONOMI, 1, DO_OKONOMI},
            {"Søknad om kommunal bolig", NULL, "Boligkontoret behandler søknaden", DO_BOLIG, 0,
             DO_BOLIG},
            {"Poliklinisk behandling ved DPS", "Annenhver uke", "Samtaler med behandler", DO_DPS, 1,
             DO_NONE},
            {"Miljøarbeid i hjemmet", "2 timer i uka", "Hjelp med struktur i hverdagen", DO_PSYKRUS,
             1, DO_TILDELING},
            {"Arbeidsrettet aktivitet", "Inntil 20 timer i uka", "Gjennom NAV", DO_NAV, 1, DO_NAV},
            {"Økonomisk sosialhjelp", NULL, NULL, DO_NAV, 0, DO_NAV},
            {"Følge til avtaler", "Etter behov", NULL, DO_NONE, 0, DO_NONE},
            {NULL, NULL, NULL, 0, 0, 0},
        },
        {"Praktisk anlagt, god til å lage mat. Har en søster som stiller opp.",
         "Har vært rusfri i perioder og vet hva som hjelper.", "Har hund og går mye tur.", NULL},
        {"Hjelp med bolig og økonomi, behandling for rus og psykisk helse, hjelp til aktivitet.",
         "Trygghet i overgangen etter døgnbehandling.", NULL},
        {"Jeg møter til avtaler og sier fra når det går dårlig.", NULL},
        {"Søsteren blir med på møter når det trengs.", NULL},
        {"Kommunen følger opp i hjemmet; DPS har behandlingen; NAV har ytelser og aktivitet.",
         NULL},
        {"Samarbeid med DPS om kriseplan, med NAV om aktivitet og med boligkontoret om bolig.",
         NULL},
        "treatment_plan",
        "Behandlingsplan ved DPS",
        DO_DPS,
    },
    {
        "rehabilitation",
        26,
        66,
        15,
        0,
        "Individuell plan - rehabilitering og arbeid",
        {"Rehabilitering etter hjerneslag", "Utskrevet etter ulykke, behov for rehabilitering",
         "Langvarig sykdom, trenger koordinerte tjenester", NULL},
        {"health", "work_activity", NULL},
        {"discharge_message", "hospital_referral", "gp_referral", "application"},
        DO_TILDELING,
        {DO_FYSIOERGO, DO_HJEMMESYKEPLEIE, DO_NAV, DO_SYKEHUS, DO_NONE},
        {DO_FYSIOERGO, DO_HJEMMESYKEPLEIE, DO_NAV, DO_SYKEHUS, DO_NONE},
        {
            {"Å klare meg selv hjemme igjen",
             "health",
             {"Dusje og kle på meg selv", "Lage middag selv", NULL}},
            {"Komme tilbake i jobb",
             "work_activity",
             {"Prøve 20 prosent stilling", "Kjøre bil igjen", NULL}},
            {"Være med på det familien gjør",
             "social_network",
             {"Gå tur med barna i helgene", NULL}},
            {NULL, NULL, {NULL}},
        },
        {
            {"Hverdagsrehabilitering", "3 ganger i uka i 6 uker", "Trening i hjemmet", DO_FYSIOERGO,
             1, DO_TILDELING},
            {"Hjemmesykepleie", "Morgen og kveld", "Hjelp med medisiner og stell",
             DO_HJEMMESYKEPLEIE, 0, DO_TILDELING},
            {"Arbeidsavklaring", NULL, "Oppfølging fra NAV-veileder", DO_NAV, 1, DO_NAV},
            {"Kontroll ved sykehuset", "Etter 3 måneder", NULL, DO_SYKEHUS, 0, DO_NONE},
            {"Hjelpemidler i hjemmet", NULL, "Ergoterapeut vurderer behov", DO_FYSIOERGO, 1,
             DO_NONE},
            {"Tilrettelegging på arbeidsplassen", NULL, NULL, DO_NONE, 0, DO_NONE},
            {NULL, NULL, NULL, 0, 0, 0},
        },
        {"Sta og motivert, trener gjerne hver dag.", "Støttende ektefelle og gode kolleger.", NULL},
        {"Trening og hjelpemidler, hjelp morgen og kveld en periode, avklaring med arbeid.", NULL},
        {"Jeg gjør øvelsene hver dag.", NULL},
        {"Ektefellen hjelper til hjemme og kjører til avtaler.", NULL},
        {"Kommunen har rehabiliteringen; NAV følger opp arbeid.", NULL},
        {"Samarbeid med sykehuset om kontroller og med arbeidsgiver om tilrettelegging.", NULL},
        "rehabilitation_plan",
        "Rehabiliteringsplan fra sykehuset",
        DO_SYKEHUS,
    },
    {
        "elderly",
        67,
        95,
        25,
        0,
        "Individuell plan - bo hjemme med trygghet",
        {"Økt hjelpebehov hjemme", "Utskrivning fra sykehus", "Bekymringsmelding fra nabo",
         "Søknad om dagsenterplass"},
        {"health", "social_network", "housing", NULL},
        {"discharge_message", "application", "phone", "worry_report"},
        DO_HJEMMESYKEPLEIE,
        {DO_PRAKTISK, DO_DAGSENTER, DO_FYSIOERGO, DO_NONE},
        {DO_HJEMMESYKEPLEIE, DO_PRAKTISK, DO_DAGSENTER, DO_FYSIOERGO, DO_NONE},
        {
            {"Å bo hjemme så lenge som mulig",
             "housing",
             {"Føle meg trygg om natta", "Klare trappa opp til soverommet", NULL}},
            {"Komme meg ut og treffe folk",
             "social_network",
             {"Gå på dagsenteret to dager i uka", "Være med på sangkoret", NULL}},
            {"Ha det godt og slippe smerter", "health", {"Ta medisinene til rett tid", NULL}},
            {NULL, NULL, {NULL}},
        },
        {
            {"Hjemmesykepleie", "To besøk daglig", "Medisiner morgen og kveld, tilsyn",
             DO_HJEMMESYKEPLEIE, 0, DO_TILDELING},
            {"Praktisk bistand", "1,5 time i uka", "Hjelp med rengjøring og handling", DO_PRAKTISK,
             0, DO_TILDELING},
            {"Dagsenterplass", "2 dager i uka", "Transport tur-retur", DO_DAGSENTER, 0,
             DO_TILDELING},
            {"Trygghetsalarm", NULL, NULL, DO_HJEMMESYKEPLEIE, 0, DO_TILDELING},
            {"Hverdagsrehabilitering", "6 uker", "Trening i hjemmet", DO_FYSIOERGO, 1,
             DO_TILDELING},
            {"Matombringing", "5 dager i uka", NULL, DO_NONE, 0, DO_TILDELING},
            {NULL, NULL, NULL, 0, 0, 0},
        },
        {"Klar i hodet og har humoren i behold.", "Datteren bor i nærheten og kommer ofte.", NULL},
        {"Hjelp med medisiner og praktiske ting, trygghet om natta, sosialt fellesskap.", NULL},
        {"Jeg sier fra når jeg trenger mer hjelp.", NULL},
        {"Datteren handler inn og følger til legen.", NULL},
        {"Hjemmetjenestene gir hjelp i hjemmet; dagsenteret har aktivitet.", NULL},
        {"Samarbeid med fastlegen om medisiner og med sykehuset ved innleggelser.", NULL},
        "care_plan",
        "Pleie- og omsorgsplan",
        DO_HJEMMESYKEPLEIE,
    },
};
const int demo_nprofiles = (int)(sizeof demo_profiles / sizeof demo_profiles[0]);

int demo_count(const char *const *list)
{
    int n = 0;
    while (list[n]) n++;
    return n;
}
