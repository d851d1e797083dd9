from navigator import citations


def test_groups_are_split_and_invalid_markers_removed():
    text = citations.keep_valid_markers("Siehe [1, 4] und [2][2] sowie [7].", {1, 2, 3})
    assert text == "Siehe [1] und [2] sowie."
    assert citations.cited_numbers(text) == [1, 2]


def test_renumber_maps_old_to_new_in_one_pass():
    assert citations.renumber("A [2] B [1] C [3]", {2: 1, 1: 2}) == "A [1] B [2] C [3]"


def test_unknown_urls_emails_and_phones_are_stripped():
    text = citations.strip_unknown_contacts(
        "Web: https://www.iq-nrw.de/ oder www.fake.de, Mail info@iq-nrw.de oder x@y.de, Tel. 02331 123456 / 0800 4555500.",
        urls=["https://www.iq-nrw.de"],
        emails=["info@iq-nrw.de"],
        phones=["0800 4 5555 00"],
    )
    assert "https://www.iq-nrw.de/" in text and "info@iq-nrw.de" in text and "0800 4555500" in text
    assert "fake.de" not in text and "x@y.de" not in text and "02331 123456" not in text


def test_bare_domains_and_script_urls_not_in_the_knowledge_base_are_stripped():
    text = citations.strip_unknown_contacts(
        "Siehe iq-nrw.de, foerdergeld-sofort.de/antrag. Oder javascript:alert und iq-nrw.de/fake. z.B. ca. 5 Std.",
        urls=["https://www.iq-nrw.de/"],
        emails=[],
        phones=[],
    )
    assert "iq-nrw.de," in text and "z.B. ca. 5 Std." in text
    assert "foerdergeld" not in text and "javascript" not in text and "iq-nrw.de/fake" not in text
