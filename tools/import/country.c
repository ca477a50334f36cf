/* SPDX-License-Identifier: Apache-2.0 */
/* country.c - country names as sanctions lists write them, mapped to the codes sanctum accepts. */
#include "imp.h"

#include <stdlib.h>
#include <string.h>

/* A country name and its code (lower case, as the `country` type stores it). */
typedef struct country_name {
    const char *name;
    const char *code;
} country_name;

/*
 * ISO 3166-1: every officially assigned code with its short name, its
 * official name and its common name, as Debian's iso-codes lists them
 * (facts, not code). Matching ignores case, accents, punctuation, a
 * leading "the" and "St"/"Saint", so "Iran (Islamic Republic of)" finds
 * "Iran, Islamic Republic of" and "Cote d Ivoire" finds "Côte d'Ivoire".
 */
static const country_name iso_names[] = {
    { "Andorra", "ad" },
    { "Principality of Andorra", "ad" },
    { "United Arab Emirates", "ae" },
    { "Afghanistan", "af" },
    { "Islamic Republic of Afghanistan", "af" },
    { "Antigua and Barbuda", "ag" },
    { "Anguilla", "ai" },
    { "Albania", "al" },
    { "Republic of Albania", "al" },
    { "Armenia", "am" },
    { "Republic of Armenia", "am" },
    { "Angola", "ao" },
    { "Republic of Angola", "ao" },
    { "Antarctica", "aq" },
    { "Argentina", "ar" },
    { "Argentine Republic", "ar" },
    { "American Samoa", "as" },
    { "Austria", "at" },
    { "Republic of Austria", "at" },
    { "Australia", "au" },
    { "Aruba", "aw" },
    { "Åland Islands", "ax" },
    { "Azerbaijan", "az" },
    { "Republic of Azerbaijan", "az" },
    { "Bosnia and Herzegovina", "ba" },
    { "Republic of Bosnia and Herzegovina", "ba" },
    { "Barbados", "bb" },
    { "Bangladesh", "bd" },
    { "People's Republic of Bangladesh", "bd" },
    { "Belgium", "be" },
    { "Kingdom of Belgium", "be" },
    { "Burkina Faso", "bf" },
    { "Bulgaria", "bg" },
    { "Republic of Bulgaria", "bg" },
    { "Bahrain", "bh" },
    { "Kingdom of Bahrain", "bh" },
    { "Burundi", "bi" },
    { "Republic of Burundi", "bi" },
    { "Benin", "bj" },
    { "Republic of Benin", "bj" },
    { "Saint Barthélemy", "bl" },
    { "Bermuda", "bm" },
    { "Brunei Darussalam", "bn" },
    { "Bolivia, Plurinational State of", "bo" },
    { "Plurinational State of Bolivia", "bo" },
    { "Bolivia", "bo" },
    { "Bonaire, Sint Eustatius and Saba", "bq" },
    { "Brazil", "br" },
    { "Federative Republic of Brazil", "br" },
    { "Bahamas", "bs" },
    { "Commonwealth of the Bahamas", "bs" },
    { "Bhutan", "bt" },
    { "Kingdom of Bhutan", "bt" },
    { "Bouvet Island", "bv" },
    { "Botswana", "bw" },
    { "Republic of Botswana", "bw" },
    { "Belarus", "by" },
    { "Republic of Belarus", "by" },
    { "Belize", "bz" },
    { "Canada", "ca" },
    { "Cocos (Keeling) Islands", "cc" },
    { "Congo, The Democratic Republic of the", "cd" },
    { "Central African Republic", "cf" },
    { "Congo", "cg" },
    { "Republic of the Congo", "cg" },
    { "Switzerland", "ch" },
    { "Swiss Confederation", "ch" },
    { "Côte d'Ivoire", "ci" },
    { "Republic of Côte d'Ivoire", "ci" },
    { "Cook Islands", "ck" },
    { "Chile", "cl" },
    { "Republic of Chile", "cl" },
    { "Cameroon", "cm" },
    { "Republic of Cameroon", "cm" },
    { "China", "cn" },
    { "People's Republic of China", "cn" },
    { "Colombia", "co" },
    { "Republic of Colombia", "co" },
    { "Costa Rica", "cr" },
    { "Republic of Costa Rica", "cr" },
    { "Cuba", "cu" },
    { "Republic of Cuba", "cu" },
    { "Cabo Verde", "cv" },
    { "Republic of Cabo Verde", "cv" },
    { "Curaçao", "cw" },
    { "Christmas Island", "cx" },
    { "Cyprus", "cy" },
    { "Republic of Cyprus", "cy" },
    { "Czechia", "cz" },
    { "Czech Republic", "cz" },
    { "Germany", "de" },
    { "Federal Republic of Germany", "de" },
    { "Djibouti", "dj" },
    { "Republic of Djibouti", "dj" },
    { "Denmark", "dk" },
    { "Kingdom of Denmark", "dk" },
    { "Dominica", "dm" },
    { "Commonwealth of Dominica", "dm" },
    { "Dominican Republic", "do" },
    { "Algeria", "dz" },
    { "People's Democratic Republic of Algeria", "dz" },
    { "Ecuador", "ec" },
    { "Republic of Ecuador", "ec" },
    { "Estonia", "ee" },
    { "Republic of Estonia", "ee" },
    { "Egypt", "eg" },
    { "Arab Republic of Egypt", "eg" },
    { "Western Sahara", "eh" },
    { "Eritrea", "er" },
    { "the State of Eritrea", "er" },
    { "Spain", "es" },
    { "Kingdom of Spain", "es" },
    { "Ethiopia", "et" },
    { "Federal Democratic Republic of Ethiopia", "et" },
    { "Finland", "fi" },
    { "Republic of Finland", "fi" },
    { "Fiji", "fj" },
    { "Republic of Fiji", "fj" },
    { "Falkland Islands (Malvinas)", "fk" },
    { "Micronesia, Federated States of", "fm" },
    { "Federated States of Micronesia", "fm" },
    { "Faroe Islands", "fo" },
    { "France", "fr" },
    { "French Republic", "fr" },
    { "Gabon", "ga" },
    { "Gabonese Republic", "ga" },
    { "United Kingdom", "gb" },
    { "United Kingdom of Great Britain and Northern Ireland", "gb" },
    { "Grenada", "gd" },
    { "Georgia", "ge" },
    { "French Guiana", "gf" },
    { "Guernsey", "gg" },
    { "Ghana", "gh" },
    { "Republic of Ghana", "gh" },
    { "Gibraltar", "gi" },
    { "Greenland", "gl" },
    { "Gambia", "gm" },
    { "Republic of the Gambia", "gm" },
    { "Guinea", "gn" },
    { "Republic of Guinea", "gn" },
    { "Guadeloupe", "gp" },
    { "Equatorial Guinea", "gq" },
    { "Republic of Equatorial Guinea", "gq" },
    { "Greece", "gr" },
    { "Hellenic Republic", "gr" },
    { "South Georgia and the South Sandwich Islands", "gs" },
    { "Guatemala", "gt" },
    { "Republic of Guatemala", "gt" },
    { "Guam", "gu" },
    { "Guinea-Bissau", "gw" },
    { "Republic of Guinea-Bissau", "gw" },
    { "Guyana", "gy" },
    { "Republic of Guyana", "gy" },
    { "Hong Kong", "hk" },
    { "Hong Kong Special Administrative Region of China", "hk" },
    { "Heard Island and McDonald Islands", "hm" },
    { "Honduras", "hn" },
    { "Republic of Honduras", "hn" },
    { "Croatia", "hr" },
    { "Republic of Croatia", "hr" },
    { "Haiti", "ht" },
    { "Republic of Haiti", "ht" },
    { "Hungary", "hu" },
    { "Indonesia", "id" },
    { "Republic of Indonesia", "id" },
    { "Ireland", "ie" },
    { "Israel", "il" },
    { "State of Israel", "il" },
    { "Isle of Man", "im" },
    { "India", "in" },
    { "Republic of India", "in" },
    { "British Indian Ocean Territory", "io" },
    { "Iraq", "iq" },
    { "Republic of Iraq", "iq" },
    { "Iran, Islamic Republic of", "ir" },
    { "Islamic Republic of Iran", "ir" },
    { "Iran", "ir" },
    { "Iceland", "is" },
    { "Republic of Iceland", "is" },
    { "Italy", "it" },
    { "Italian Republic", "it" },
    { "Jersey", "je" },
    { "Jamaica", "jm" },
    { "Jordan", "jo" },
    { "Hashemite Kingdom of Jordan", "jo" },
    { "Japan", "jp" },
    { "Kenya", "ke" },
    { "Republic of Kenya", "ke" },
    { "Kyrgyzstan", "kg" },
    { "Kyrgyz Republic", "kg" },
    { "Cambodia", "kh" },
    { "Kingdom of Cambodia", "kh" },
    { "Kiribati", "ki" },
    { "Republic of Kiribati", "ki" },
    { "Comoros", "km" },
    { "Union of the Comoros", "km" },
    { "Saint Kitts and Nevis", "kn" },
    { "Korea, Democratic People's Republic of", "kp" },
    { "Democratic People's Republic of Korea", "kp" },
    { "North Korea", "kp" },
    { "Korea, Republic of", "kr" },
    { "South Korea", "kr" },
    { "Kuwait", "kw" },
    { "State of Kuwait", "kw" },
    { "Cayman Islands", "ky" },
    { "Kazakhstan", "kz" },
    { "Republic of Kazakhstan", "kz" },
    { "Lao People's Democratic Republic", "la" },
    { "Laos", "la" },
    { "Lebanon", "lb" },
    { "Lebanese Republic", "lb" },
    { "Saint Lucia", "lc" },
    { "Liechtenstein", "li" },
    { "Principality of Liechtenstein", "li" },
    { "Sri Lanka", "lk" },
    { "Democratic Socialist Republic of Sri Lanka", "lk" },
    { "Liberia", "lr" },
    { "Republic of Liberia", "lr" },
    { "Lesotho", "ls" },
    { "Kingdom of Lesotho", "ls" },
    { "Lithuania", "lt" },
    { "Republic of Lithuania", "lt" },
    { "Luxembourg", "lu" },
    { "Grand Duchy of Luxembourg", "lu" },
    { "Latvia", "lv" },
    { "Republic of Latvia", "lv" },
    { "Libya", "ly" },
    { "Morocco", "ma" },
    { "Kingdom of Morocco", "ma" },
    { "Monaco", "mc" },
    { "Principality of Monaco", "mc" },
    { "Moldova, Republic of", "md" },
    { "Republic of Moldova", "md" },
    { "Moldova", "md" },
    { "Montenegro", "me" },
    { "Saint Martin (French part)", "mf" },
    { "Madagascar", "mg" },
    { "Republic of Madagascar", "mg" },
    { "Marshall Islands", "mh" },
    { "Republic of the Marshall Islands", "mh" },
    { "North Macedonia", "mk" },
    { "Republic of North Macedonia", "mk" },
    { "Mali", "ml" },
    { "Republic of Mali", "ml" },
    { "Myanmar", "mm" },
    { "Republic of Myanmar", "mm" },
    { "Mongolia", "mn" },
    { "Macao", "mo" },
    { "Macao Special Administrative Region of China", "mo" },
    { "Northern Mariana Islands", "mp" },
    { "Commonwealth of the Northern Mariana Islands", "mp" },
    { "Martinique", "mq" },
    { "Mauritania", "mr" },
    { "Islamic Republic of Mauritania", "mr" },
    { "Montserrat", "ms" },
    { "Malta", "mt" },
    { "Republic of Malta", "mt" },
    { "Mauritius", "mu" },
    { "Republic of Mauritius", "mu" },
    { "Maldives", "mv" },
    { "Republic of Maldives", "mv" },
    { "Malawi", "mw" },
    { "Republic of Malawi", "mw" },
    { "Mexico", "mx" },
    { "United Mexican States", "mx" },
    { "Malaysia", "my" },
    { "Mozambique", "mz" },
    { "Republic of Mozambique", "mz" },
    { "Namibia", "na" },
    { "Republic of Namibia", "na" },
    { "New Caledonia", "nc" },
    { "Niger", "ne" },
    { "Republic of the Niger", "ne" },
    { "Norfolk Island", "nf" },
    { "Nigeria", "ng" },
    { "Federal Republic of Nigeria", "ng" },
    { "Nicaragua", "ni" },
    { "Republic of Nicaragua", "ni" },
    { "Netherlands", "nl" },
    { "Kingdom of the Netherlands", "nl" },
    { "Norway", "no" },
    { "Kingdom of Norway", "no" },
    { "Nepal", "np" },
    { "Federal Democratic Republic of Nepal", "np" },
    { "Nauru", "nr" },
    { "Republic of Nauru", "nr" },
    { "Niue", "nu" },
    { "New Zealand", "nz" },
    { "Oman", "om" },
    { "Sultanate of Oman", "om" },
    { "Panama", "pa" },
    { "Republic of Panama", "pa" },
    { "Peru", "pe" },
    { "Republic of Peru", "pe" },
    { "French Polynesia", "pf" },
    { "Papua New Guinea", "pg" },
    { "Independent State of Papua New Guinea", "pg" },
    { "Philippines", "ph" },
    { "Republic of the Philippines", "ph" },
    { "Pakistan", "pk" },
    { "Islamic Republic of Pakistan", "pk" },
    { "Poland", "pl" },
    { "Republic of Poland", "pl" },
    { "Saint Pierre and Miquelon", "pm" },
    { "Pitcairn", "pn" },
    { "Puerto Rico", "pr" },
    { "Palestine, State of", "ps" },
    { "the State of Palestine", "ps" },
    { "Portugal", "pt" },
    { "Portuguese Republic", "pt" },
    { "Palau", "pw" },
    { "Republic of Palau", "pw" },
    { "Paraguay", "py" },
    { "Republic of Paraguay", "py" },
    { "Qatar", "qa" },
    { "State of Qatar", "qa" },
    { "Réunion", "re" },
    { "Romania", "ro" },
    { "Serbia", "rs" },
    { "Republic of Serbia", "rs" },
    { "Russian Federation", "ru" },
    { "Rwanda", "rw" },
    { "Rwandese Republic", "rw" },
    { "Saudi Arabia", "sa" },
    { "Kingdom of Saudi Arabia", "sa" },
    { "Solomon Islands", "sb" },
    { "Seychelles", "sc" },
    { "Republic of Seychelles", "sc" },
    { "Sudan", "sd" },
    { "Republic of the Sudan", "sd" },
    { "Sweden", "se" },
    { "Kingdom of Sweden", "se" },
    { "Singapore", "sg" },
    { "Republic of Singapore", "sg" },
    { "Saint Helena, Ascension and Tristan da Cunha", "sh" },
    { "Slovenia", "si" },
    { "Republic of Slovenia", "si" },
    { "Svalbard and Jan Mayen", "sj" },
    { "Slovakia", "sk" },
    { "Slovak Republic", "sk" },
    { "Sierra Leone", "sl" },
    { "Republic of Sierra Leone", "sl" },
    { "San Marino", "sm" },
    { "Republic of San Marino", "sm" },
    { "Senegal", "sn" },
    { "Republic of Senegal", "sn" },
    { "Somalia", "so" },
    { "Federal Republic of Somalia", "so" },
    { "Suriname", "sr" },
    { "Republic of Suriname", "sr" },
    { "South Sudan", "ss" },
    { "Republic of South Sudan", "ss" },
    { "Sao Tome and Principe", "st" },
    { "Democratic Republic of Sao Tome and Principe", "st" },
    { "El Salvador", "sv" },
    { "Republic of El Salvador", "sv" },
    { "Sint Maarten (Dutch part)", "sx" },
    { "Syrian Arab Republic", "sy" },
    { "Syria", "sy" },
    { "Eswatini", "sz" },
    { "Kingdom of Eswatini", "sz" },
    { "Turks and Caicos Islands", "tc" },
    { "Chad", "td" },
    { "Republic of Chad", "td" },
    { "French Southern Territories", "tf" },
    { "Togo", "tg" },
    { "Togolese Republic", "tg" },
    { "Thailand", "th" },
    { "Kingdom of Thailand", "th" },
    { "Tajikistan", "tj" },
    { "Republic of Tajikistan", "tj" },
    { "Tokelau", "tk" },
    { "Timor-Leste", "tl" },
    { "Democratic Republic of Timor-Leste", "tl" },
    { "Turkmenistan", "tm" },
    { "Tunisia", "tn" },
    { "Republic of Tunisia", "tn" },
    { "Tonga", "to" },
    { "Kingdom of Tonga", "to" },
    { "Türkiye", "tr" },
    { "Republic of Türkiye", "tr" },
    { "Trinidad and Tobago", "tt" },
    { "Republic of Trinidad and Tobago", "tt" },
    { "Tuvalu", "tv" },
    { "Taiwan, Province of China", "tw" },
    { "Taiwan", "tw" },
    { "Tanzania, United Republic of", "tz" },
    { "United Republic of Tanzania", "tz" },
    { "Tanzania", "tz" },
    { "Ukraine", "ua" },
    { "Uganda", "ug" },
    { "Republic of Uganda", "ug" },
    { "United States Minor Outlying Islands", "um" },
    { "United States", "us" },
    { "United States of America", "us" },
    { "Uruguay", "uy" },
    { "Eastern Republic of Uruguay", "uy" },
    { "Uzbekistan", "uz" },
    { "Republic of Uzbekistan", "uz" },
    { "Holy See (Vatican City State)", "va" },
    { "Saint Vincent and the Grenadines", "vc" },
    { "Venezuela, Bolivarian Republic of", "ve" },
    { "Bolivarian Republic of Venezuela", "ve" },
    { "Venezuela", "ve" },
    { "Virgin Islands, British", "vg" },
    { "British Virgin Islands", "vg" },
    { "Virgin Islands, U.S.", "vi" },
    { "Virgin Islands of the United States", "vi" },
    { "Viet Nam", "vn" },
    { "Socialist Republic of Viet Nam", "vn" },
    { "Vietnam", "vn" },
    { "Vanuatu", "vu" },
    { "Republic of Vanuatu", "vu" },
    { "Wallis and Futuna", "wf" },
    { "Samoa", "ws" },
    { "Independent State of Samoa", "ws" },
    { "Yemen", "ye" },
    { "Republic of Yemen", "ye" },
    { "Mayotte", "yt" },
    { "South Africa", "za" },
    { "Republic of South Africa", "za" },
    { "Zambia", "zm" },
    { "Republic of Zambia", "zm" },
    { "Zimbabwe", "zw" },
    { "Republic of Zimbabwe", "zw" },
};

/*
 * Other names found in the OFAC, OFSI and UN lists (docs/import-formats.md
 * has the list), former countries and the extra codes sanctum accepts.
 * A name that is not here nor above is kept as text by the importer.
 */
static const country_name alias_names[] = {
    { "Burma", "mm" },
    { "Myanmar (Burma)", "mm" },
    { "Korea, North", "kp" },
    { "DPRK", "kp" },
    { "Korea, South", "kr" },
    { "Republic of Korea", "kr" },
    { "Russia", "ru" },
    { "Congo, Democratic Republic of the", "cd" },
    { "Congo, The Democratic Republic of the", "cd" },
    { "Democratic Republic of the Congo", "cd" },
    { "Democratic Republic of Congo", "cd" },
    { "DRC", "cd" },
    { "Zaire", "cd" },
    { "Congo, Republic of the", "cg" },
    { "Congo-Brazzaville", "cg" },
    { "Ivory Coast", "ci" },
    { "Bahamas, The", "bs" },
    { "Gambia, The", "gm" },
    { "Macedonia", "mk" },
    { "Macedonia, The Former Yugoslav Republic of", "mk" },
    { "The former Yugoslav Republic of Macedonia", "mk" },
    { "Bosnia-Herzegovina", "ba" },
    { "Bosnia", "ba" },
    { "Palestinian", "ps" },
    { "Palestine", "ps" },
    { "Palestinian Authority", "ps" },
    { "Palestinian Territories", "ps" },
    { "Occupied Palestinian Territory", "ps" },
    { "West Bank", "ps" },
    { "Gaza", "ps" },
    { "Gaza Strip", "ps" },
    { "Kosovo", "xk" },
    { "Serbia and Montenegro", "csxx" },
    { "Yugoslavia", "yucs" },
    { "ex-Yugoslavia", "yucs" },
    { "USSR", "suhh" },
    { "Soviet Union", "suhh" },
    { "Union of Soviet Socialist Republics", "suhh" },
    { "UK", "gb" },
    { "U.K.", "gb" },
    { "Great Britain", "gb" },
    { "Britain", "gb" },
    { "England", "gb" },
    { "Northern Ireland", "gb" },
    { "Scotland", "gb-sct" },
    { "Wales", "gb-wls" },
    { "USA", "us" },
    { "U.S.A.", "us" },
    { "U.S.", "us" },
    { "UAE", "ae" },
    { "Turkey", "tr" },
    { "Swaziland", "sz" },
    { "Cape Verde", "cv" },
    { "Vatican", "va" },
    { "Vatican City", "va" },
    { "Holy See", "va" },
    { "Brunei", "bn" },
    { "Macau", "mo" },
    { "East Timor", "tl" },
    { "Micronesia", "fm" },
    { "Phillipines", "ph" },
    { "Comoros Islands", "km" },
    { "Libyan Arab Jamahiriya", "ly" },
    { "Abkhazia", "ge-ab" },
    { "European Union", "eu" },
    /* Nationalities as the OFSI list writes them ("Iraqi", "Syrian"). Ones
     * shared by two countries (Congolese, Dominican, Guinean) are left out. */
    { "Afghan", "af" },
    { "Albanian", "al" },
    { "Algerian", "dz" },
    { "American", "us" },
    { "Angolan", "ao" },
    { "Argentine", "ar" },
    { "Argentinian", "ar" },
    { "Armenian", "am" },
    { "Australian", "au" },
    { "Austrian", "at" },
    { "Azerbaijani", "az" },
    { "Bahraini", "bh" },
    { "Bangladeshi", "bd" },
    { "Belarusian", "by" },
    { "Belgian", "be" },
    { "Bosnian", "ba" },
    { "Brazilian", "br" },
    { "British", "gb" },
    { "Bulgarian", "bg" },
    { "Burmese", "mm" },
    { "Burundian", "bi" },
    { "Cambodian", "kh" },
    { "Cameroonian", "cm" },
    { "Canadian", "ca" },
    { "Central African", "cf" },
    { "Chadian", "td" },
    { "Chilean", "cl" },
    { "Chinese", "cn" },
    { "Colombian", "co" },
    { "Cuban", "cu" },
    { "Cypriot", "cy" },
    { "Czech", "cz" },
    { "Danish", "dk" },
    { "Dutch", "nl" },
    { "Ecuadorian", "ec" },
    { "Egyptian", "eg" },
    { "Emirati", "ae" },
    { "Eritrean", "er" },
    { "Ethiopian", "et" },
    { "Filipino", "ph" },
    { "Finnish", "fi" },
    { "French", "fr" },
    { "Gambian", "gm" },
    { "Georgian", "ge" },
    { "German", "de" },
    { "Ghanaian", "gh" },
    { "Greek", "gr" },
    { "Guatemalan", "gt" },
    { "Haitian", "ht" },
    { "Honduran", "hn" },
    { "Hungarian", "hu" },
    { "Indian", "in" },
    { "Indonesian", "id" },
    { "Iranian", "ir" },
    { "Iraqi", "iq" },
    { "Irish", "ie" },
    { "Israeli", "il" },
    { "Italian", "it" },
    { "Ivorian", "ci" },
    { "Jamaican", "jm" },
    { "Japanese", "jp" },
    { "Jordanian", "jo" },
    { "Kazakh", "kz" },
    { "Kazakhstani", "kz" },
    { "Kenyan", "ke" },
    { "Kosovan", "xk" },
    { "Kuwaiti", "kw" },
    { "Kyrgyz", "kg" },
    { "Latvian", "lv" },
    { "Lebanese", "lb" },
    { "Liberian", "lr" },
    { "Libyan", "ly" },
    { "Lithuanian", "lt" },
    { "Malaysian", "my" },
    { "Malian", "ml" },
    { "Maltese", "mt" },
    { "Mauritanian", "mr" },
    { "Mexican", "mx" },
    { "Moldovan", "md" },
    { "Mongolian", "mn" },
    { "Montenegrin", "me" },
    { "Moroccan", "ma" },
    { "Mozambican", "mz" },
    { "Nepalese", "np" },
    { "Nicaraguan", "ni" },
    { "Nigerian", "ng" },
    { "Nigerien", "ne" },
    { "North Korean", "kp" },
    { "Norwegian", "no" },
    { "Omani", "om" },
    { "Pakistani", "pk" },
    { "Panamanian", "pa" },
    { "Paraguayan", "py" },
    { "Peruvian", "pe" },
    { "Polish", "pl" },
    { "Portuguese", "pt" },
    { "Qatari", "qa" },
    { "Romanian", "ro" },
    { "Russian", "ru" },
    { "Rwandan", "rw" },
    { "Saudi", "sa" },
    { "Saudi Arabian", "sa" },
    { "Senegalese", "sn" },
    { "Serbian", "rs" },
    { "Sierra Leonean", "sl" },
    { "Singaporean", "sg" },
    { "Slovak", "sk" },
    { "Slovenian", "si" },
    { "Somali", "so" },
    { "South African", "za" },
    { "South Korean", "kr" },
    { "South Sudanese", "ss" },
    { "Spanish", "es" },
    { "Sri Lankan", "lk" },
    { "Sudanese", "sd" },
    { "Swedish", "se" },
    { "Swiss", "ch" },
    { "Syrian", "sy" },
    { "Taiwanese", "tw" },
    { "Tajik", "tj" },
    { "Tanzanian", "tz" },
    { "Thai", "th" },
    { "Tunisian", "tn" },
    { "Turkish", "tr" },
    { "Turkmen", "tm" },
    { "Ugandan", "ug" },
    { "Ukrainian", "ua" },
    { "Uzbek", "uz" },
    { "Venezuelan", "ve" },
    { "Vietnamese", "vn" },
    { "Yemeni", "ye" },
    { "Zambian", "zm" },
    { "Zimbabwean", "zw" },
};

/* Longest normalised name kept, in bytes. */
#define KEY_MAX 128

typedef struct country_key {
    char        key[KEY_MAX];
    const char *code;
} country_key;

static country_key *keys;   /* all names, normalised and sorted */
static size_t nkeys;

/* The ASCII letter for a Latin-1 letter U+00C0..U+00FF (0: none). */
static char
latin1_base(unsigned int cp)
{
    static const char map[] =
        "aaaaaaaceeeeiiii"   /* C0..CF */
        "dnooooo ouuuuyts"   /* D0..DF */
        "aaaaaaaceeeeiiii"   /* E0..EF */
        "dnooooo ouuuuyty";  /* F0..FF */

    if (cp < 0xC0 || cp > 0xFF)
        return 0;
    return map[cp - 0xC0] == ' ' ? 0 : map[cp - 0xC0];
}

/*
 * Normalise a country name into `out`: lower-case ASCII letters and
 * digits, accents dropped, everything else a word break; "&" reads
 * "and", "st" reads "saint", a leading "the" is dropped. Returns 0, or
 * -1 if the result does not fit.
 */
static int
normalise(char out[KEY_MAX], const char *in)
{
    char tmp[KEY_MAX];
    size_t n = 0, i, o = 0;
    const unsigned char *s = (const unsigned char *)in;
    int space = 1;

    while (*s != '\0') {
        unsigned int cp = *s++;
        char c = 0;

        if (cp >= 0xC0 && cp < 0xE0 && (*s & 0xC0) == 0x80) {
            cp = ((cp & 0x1F) << 6) | (*s++ & 0x3F);
            c = latin1_base(cp);
        } else if (cp >= 0x80) {
            while ((*s & 0xC0) == 0x80)
                s++;
            return -1; /* other scripts: not a name in the tables */
        } else if (cp >= 'A' && cp <= 'Z') {
            c = (char)(cp - 'A' + 'a');
        } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            c = (char)cp;
        } else if (cp == '&') {
            if (n + 5 >= sizeof tmp)
                return -1;
            if (!space)
                tmp[n++] = ' ';
            memcpy(tmp + n, "and ", 4);
            n += 4;
            space = 1;
            continue;
        }
        if (c == 0) {
            if (!space && n + 1 < sizeof tmp) {
                tmp[n++] = ' ';
                space = 1;
            }
            continue;
        }
        if (n + 1 >= sizeof tmp)
            return -1;
        tmp[n++] = c;
        space = 0;
    }
    while (n > 0 && tmp[n - 1] == ' ')
        n--;
    tmp[n] = '\0';
    /* Word by word: drop a leading "the", read "st" as "saint". */
    i = 0;
    if (strncmp(tmp, "the ", 4) == 0)
        i = 4;
    while (i < n) {
        size_t w = strcspn(tmp + i, " ");
        const char *word = tmp + i;
        size_t wl = w;

        if (w == 2 && strncmp(word, "st", 2) == 0) {
            word = "saint";
            wl = 5;
        }
        if (o + wl + 2 >= KEY_MAX)
            return -1;
        if (o > 0)
            out[o++] = ' ';
        memcpy(out + o, word, wl);
        o += wl;
        i += w + 1;
    }
    out[o] = '\0';
    return 0;
}

static int
key_cmp(const void *a, const void *b)
{
    return strcmp(((const country_key *)a)->key, ((const country_key *)b)->key);
}

/* Build the sorted key table once (the tool is single-threaded). */
static int
build_keys(void)
{
    size_t niso = sizeof iso_names / sizeof iso_names[0];
    size_t nalias = sizeof alias_names / sizeof alias_names[0], i;

    if (keys != NULL)
        return 0;
    if ((keys = calloc(niso + nalias, sizeof *keys)) == NULL)
        return -1;
    for (i = 0; i < niso + nalias; i++) {
        const country_name *cn = i < niso ? &iso_names[i] : &alias_names[i - niso];

        if (normalise(keys[nkeys].key, cn->name) == 0 && keys[nkeys].key[0] != '\0')
            keys[nkeys++].code = cn->code;
    }
    qsort(keys, nkeys, sizeof *keys, key_cmp);
    return 0;
}

const char *
imp_country(const char *name)
{
    country_key probe, *hit;

    if (name == NULL || build_keys() != 0 || normalise(probe.key, name) != 0 ||
        probe.key[0] == '\0')
        return NULL;
    hit = bsearch(&probe, keys, nkeys, sizeof *keys, key_cmp);
    return hit != NULL ? hit->code : NULL;
}

const char *
imp_country_loose(const char *name)
{
    const char *code = imp_country(name), *open, *close;
    char part[KEY_MAX];
    size_t n;

    if (code != NULL || name == NULL)
        return code;
    /* "Region: Gaza" (OFAC addresses). */
    if (imp_prefix(name, "region: "))
        return imp_country_loose(name + 8);
    /* "Afghanistan (since 2009)", "Tunisi (Tunisia)". */
    if ((open = strrchr(name, '(')) == NULL)
        return NULL;
    n = (size_t)(open - name);
    if (n > 0 && n < sizeof part) {
        memcpy(part, name, n);
        part[n] = '\0';
        if ((code = imp_country(part)) != NULL)
            return code;
    }
    if ((close = strchr(open, ')')) != NULL && (n = (size_t)(close - open - 1)) > 0 &&
        n < sizeof part) {
        memcpy(part, open + 1, n);
        part[n] = '\0';
        return imp_country(part);
    }
    return NULL;
}
