"""The sector a question names (`sectors.yaml`): the chamber's trades, the regulated professions, degrees.

A craft belongs to the Handwerkskammer, industry, trade and services to the IHK; a regulated profession or
an academic degree to neither, so naming one demotes both chambers. A question names a sector by an
occupation, a business or a workplace, in any of the nine question languages; words that only begin like
a cue, a patient's or pupil's words, the wish to study and the chambers' own names name none.
"""

from __future__ import annotations

import pytest
import yaml

from navigator.knowledge import load_entries
from navigator.settings import Settings
from navigator.understand.sector import SECTORS_FILE, sectors_in

LANGUAGES = {"de", "en", "tr", "ar", "uk", "ru", "fa", "pl", "ro"}
SECTORS = yaml.safe_load(SECTORS_FILE.read_text(encoding="utf-8"))["sectors"]


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin Industriemechaniker aus Bosnien, wer erkennt meinen Abschluss an?",
        "Wir sind ein Automobilzulieferer in Lüdenscheid und wollen Zerspanungsmechaniker ausbilden.",
        "In der Türkei habe ich als Maschinen- und Anlagenführer gearbeitet.",
        "Ich bin Mechatroniker und arbeite bei einem Maschinenbauunternehmen in Plettenberg.",
        "Gelernte Industriekauffrau aus Kasachstan, wer prüft die Gleichwertigkeit?",
        "I worked in a factory in Romania as a machine operator. Who recognises my training?",
        "Lüdenscheid'de bir fabrikada makine operatörü olarak çalışıyorum.",
        "اشتغلت بمعمل بلاستيك في حلب، هل يعترفون بخبرتي؟",  # Levantine: معمل, a factory
        "Я працював на заводі токарем у Харкові.",
        "Я работал на производстве оператором станков с ЧПУ.",
        "من در ایران در کارخانه کار می‌کردم و تراشکار هستم.",
        "تو فابریکه کار می‌کردم",  # Dari and the German loanword: فابریکه, a factory
        "Pracowałem w fabryce jako operator maszyn.",
        "Am lucrat într-o fabrică de piese auto ca operator CNC.",
    ],
)
def test_industrial_occupations_and_factories_name_the_industry(text: str) -> None:
    assert sectors_in(text) == ("industrie",)


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin Kauffrau im Einzelhandel und möchte mich weiterbilden.",
        "Wir sind ein Großhandel in Iserlohn.",
        "Ich habe 10 Jahre als Verkäuferin im Supermarkt gearbeitet.",
        "I worked as a cashier in a supermarket in Kyiv.",
        "Hagen'de bir süpermarkette kasiyer olarak çalışıyorum.",
        "عندي خبرة كبائع في متجر ملابس",
        "Я працювала продавчинею в магазині одягу.",
        "Я была продавцом в магазине в Москве.",
        "در ایران فروشگاه لباس داشتم.",
        "Pracowałam jako sprzedawczyni w sklepie.",
        "Am lucrat ca vânzătoare într-un magazin.",
    ],
)
def test_shops_and_sales_name_the_trade(text: str) -> None:
    assert sectors_in(text) == ("handel",)


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin gelernter Koch aus Syrien und arbeite in einem Restaurant in Hagen.",
        "Ich bin Koch und suche eine Stelle.",
        "Fachkraft für Lagerlogistik aus der Ukraine – wer prüft die Gleichwertigkeit?",
        "Ich bin Berufskraftfahrer und brauche die Module.",
        "Ich bin Bankkaufmann aus Kroatien.",
        "Ich arbeite beim Sicherheitsdienst.",
        "I was a truck driver in Turkey. Can I get my licence converted?",
        "Otelde aşçı olarak çalışıyorum.",
        "كنت طباخ بمطعم في دمشق",
        "Я працювала офіціанткою в ресторані.",
        "Я работал поваром в ресторане.",
        "در افغانستان راننده کامیون بودم.",
        "Jestem kierowcą ciężarówki.",
        "Lucrez ca bucătar într-un restaurant.",
        "Sunt șofer de camion în Hagen.",
    ],
)
def test_hospitality_logistics_and_office_jobs_name_the_services(text: str) -> None:
    assert sectors_in(text) == ("dienstleistung",)


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin Krankenschwester aus Polen, wer erkennt meinen Abschluss an?",
        "Ich bin Ärztin aus Syrien und brauche die Approbation.",
        "Meine Frau ist Erzieherin aus der Ukraine.",
        "Ich möchte in der Pflege arbeiten.",
        "I am a nurse from the Philippines.",
        "Türkiye'de hemşire olarak çalıştım.",
        "İstanbul'da tıp fakültesinde okudum.",
        "أنا ممرضة من سوريا، كيف أعادل شهادتي؟",
        "Я медсестра з України.",
        "Я работал врачом в Казахстане.",
        "من در ایران پرستار بودم.",
        "داکتر استم و از افغانستان آمدم",  # Dari: "I am a doctor"
        "Jestem pielęgniarką z Polski.",
        "Sunt asistentă medicală din România.",
    ],
)
def test_regulated_professions_name_neither_chamber(text: str) -> None:
    assert sectors_in(text) == ("reglementiert",)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe einen Bachelor in Betriebswirtschaft aus dem Iran.",
        "Mein Hochschulabschluss aus Syrien – wer bewertet ihn?",
        "Ich habe in Syrien Maschinenbau studiert.",
        "I have a master's degree in economics from Egypt.",
        "Türkiye'de üniversite mezunuyum, lisans diplomamı nasıl tanıtırım?",
        "عندي شهادة بكالوريوس في المحاسبة من دمشق",
        "У мене вища освіта з України, диплом бакалавра.",
        "У меня высшее образование, я окончил университет в Минске.",
        "من لیسانس حسابداری از دانشگاه کابل دارم.",
        "Mam tytuł magistra z ekonomii.",
        "Am o diplomă de licență în economie.",
    ],
)
def test_academic_degrees_name_the_university_sector(text: str) -> None:
    assert sectors_in(text) == ("hochschule",)


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        # A cue inside a longer cue of another sector does not count.
        ("Ich bin Kfz-Mechatroniker aus dem Kosovo.", ("handwerk",)),
        ("Ich bin KFZ Mechatroniker aus dem Kosovo.", ("handwerk",)),
        ("Ich bin Mechatroniker für Kältetechnik in Hagen.", ("handwerk",)),
        # "Medizin studiert" is a doctor's, not only a degree ("studiert").
        ("Ich habe Medizin studiert und will in Hagen als Arzt arbeiten.", ("reglementiert",)),
        ("عملت ميكانيكي صناعي في مصنع سيارات", ("industrie",)),  # not the craft's ميكانيكي
        # Two sectors named: both count.
        ("Ich bin Ingenieur und arbeite in einem Industriebetrieb.", ("industrie", "hochschule")),
    ],
)
def test_the_longer_cue_wins_and_separate_ones_add_up(text: str, sectors: tuple[str, ...]) -> None:
    assert sectors_in(text) == sectors


@pytest.mark.parametrize(
    "text",
    [
        "Berber dükkanı açmak istiyorum.",  # "dükkan" is any shop
        "عندي محل حلاقة في هاغن",  # "محل" is any shop
        "Ich bin Bäckereifachverkäuferin.",  # a craft's sales training
    ],
)
def test_a_crafts_shop_stays_a_craft(text: str) -> None:
    assert sectors_in(text) == ("handwerk",)


@pytest.mark.parametrize(
    "text",
    [
        "Ist die Industrie- und Handelskammer für mich zuständig?",
        "Muss ich mich ins Handelsregister eintragen?",
        "Hagen Sanayi ve Ticaret Odası nerede?",
        "Где находится Торгово-промышленная палата в Хагене?",
        "Де знаходиться Торгово-промислова палата?",
        "Gdzie jest Izba Przemysłowo-Handlowa w Hagen?",
        "Unde este Camera de Comerț și Industrie din Hagen?",
        "اتاق بازرگانی هاگن کجاست؟",
    ],
)
def test_the_chambers_own_names_name_no_sector(text: str) -> None:
    assert sectors_in(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Ich brauche einen Termin beim Arzt für die Krankschreibung.",
        "Mein Deutschlehrer sagt, ich soll einen Kurs machen.",
        "Mein Mann braucht einen Psychotherapeuten.",
        "My doctor gave me a sick note, does my employer have to pay?",
        "I need a lawyer, my boss hasn't paid me.",
        "Can I get a place at a nursery for my child?",
        "Doktora gitmem lazım, rapor alabilir miyim?",  # "to the doctor", not the doctorate
        "أحتاج شهادة طبية من الطبيب",  # a medical certificate
        "Muszę iść do lekarza po zwolnienie.",
        "Am nevoie de un medic de familie.",
        "Ich pflege meine Mutter und möchte wieder arbeiten.",
    ],
)
def test_a_patients_client_s_or_pupils_words_name_no_sector(text: str) -> None:
    assert sectors_in(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Soll ich eine Ausbildung machen oder studieren?",
        "Ich möchte an der Universität studieren.",
        "Brauche ich die Hochschulreife für diesen Kurs?",
        "Ich will mein Studium abbrechen und eine Ausbildung machen.",
        "An welcher Fakultät kann ich Informatik studieren?",
        "Vreau să merg la facultate sau să fac o ucenicie?",
    ],
)
def test_the_wish_to_study_is_no_degree(text: str) -> None:
    assert sectors_in(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Ich koche gern und suche Arbeit.",  # not "Koch"
        "Wir haben ein Geschäftsführer-Problem.",
        "Ich muss sofort eine Entscheidung treffen.",  # not the Turkish "şoför"
        "Sofern ich Bürgergeld bekomme, darf ich dann einen Kurs machen?",  # not the Romanian "șofer"
        "Wo kann ich ein Bankkonto eröffnen?",
        "Meine Krankenversicherung zahlt nicht.",
        "Is the job market good for people like me?",
        "Is social security paid by my employer?",
        "Sana bir sorum var.",  # not "sanayi"
        "Garsoniyer bir daire arıyorum.",  # a flat, not a waiter
        "Sağlık sigortası nasıl çalışıyor?",
        "ما هي تجاربكم مع المركز؟",  # experiences, not trade (تجارة)
        "محل الإقامة في هاغن",  # the place of residence, not a shop
        "كافة الوثائق مطلوبة",  # all documents, not a café
        "گواهینامه رانندگی من از ایران است",  # a driving licence, not a driver
        "بیمه درمانی دارم؟",
        "آژانس کار گفت باید دوره بروم",  # the job agency, not a travel agency
        "Мені треба скласти іспит з німецької",  # to take an exam, not a warehouse
        "Мне нужно поменять водительские права",
        "Muszę to przemyśleć.",  # to think over, not industry
    ],
)
def test_words_that_only_begin_like_a_cue_name_no_sector(text: str) -> None:
    assert sectors_in(text) == ()


@pytest.mark.parametrize("sector", SECTORS)
def test_every_sector_has_cues_in_every_question_language(sector: str) -> None:
    cues = SECTORS[sector]
    assert set(cues) == LANGUAGES
    assert all(cues[language] for language in LANGUAGES)


@pytest.mark.parametrize("sector", SECTORS)
def test_each_cue_names_its_own_sector_only(sector: str) -> None:
    claimed = {cue: sectors_in(cue) for cues in SECTORS[sector].values() for cue in cues}
    assert {cue: got for cue, got in claimed.items() if got != (sector,)} == {}


def test_every_sector_an_office_is_responsible_for_can_be_named() -> None:
    offices = load_entries(Settings().knowledge_dir)
    used = {s for item in offices if item.entry.responsible_for for s in item.entry.responsible_for.sectors}
    assert used and used <= set(SECTORS)


@pytest.mark.parametrize(
    "text",
    [
        "Ist die Handwerkskammer oder die IHK für mich zuständig?",
        "Which chamber of crafts is responsible for Hagen?",
        "هل الجهة المسؤولة هي غرفة الحرف أم غرفة الصناعة؟",
        "Яка ремісна палата в Хагені?",
    ],
)
def test_a_craft_chambers_name_names_no_craft_business(text: str) -> None:
    assert sectors_in(text) == ()


def test_the_trade_beside_a_chamber_name_still_counts() -> None:
    assert sectors_in("Ich bin Bäcker, welche Handwerkskammer ist zuständig?") == ("handwerk",)
    assert sectors_in("Mein Restaurant in Hagen: Handwerkskammer oder IHK?") == ("dienstleistung",)


@pytest.mark.parametrize(
    "text",
    [
        "من در ایران معلم بودم و الان در گفلسبرگ زندگی می‌کنم",
        "كنت طبيبا في سوريا، كيف أعادل شهادتي؟",
        "I was a nurse in Nigeria, who recognises my training?",
        "Türkiye'de öğretmendim, diplomamı tanıtabilir miyim?",
        "Ich war Ärztin in der Ukraine.",
        "Am fost profesor în România.",
    ],
)
def test_a_regulated_profession_told_in_the_past_tense_counts(text: str) -> None:
    assert "reglementiert" in sectors_in(text)
