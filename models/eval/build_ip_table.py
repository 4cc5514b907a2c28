"""Builds the evaluation's client-address tables from the shipped geoip/country.mmdb and
geoip/asn.mmdb, picking addresses by autonomous system and country:

- `--set main` (default): models/eval/ip_table.json, the pools every persona set gets;
- `--set holdout2`: models/eval/ip_table_holdout2.json, the extra pools of holdout2.py;
- `--set holdout3`: models/eval/ip_table_holdout3.json, the extra pools of holdout3.py;
- `--set holdout4`: models/eval/ip_table_holdout4.json, the extra pools of holdout4.py;
- `--set holdout5`: models/eval/ip_table_holdout5.json, the extra pools of holdout5.py;
- `--set holdout6`: models/eval/ip_table_holdout6.json, the extra pools of holdout6.py;
- `--set holdout7`: models/eval/ip_table_holdout7.json, the extra pools of holdout7.py;
- `--set holdout8`: models/eval/ip_table_holdout8.json, the extra pools of holdout8.py;
- `--set holdout9`: models/eval/ip_table_holdout9.json, the extra pools of holdout9.py;
- `--set holdout10`: models/eval/ip_table_holdout10.json, the extra pools of holdout10.py;
- `--set holdout11`: models/eval/ip_table_holdout11.json, the extra pools of holdout11.py;
- `--set holdout12`: models/eval/ip_table_holdout12.json, the extra pools of holdout12.py;
- `--set holdout13`: models/eval/ip_table_holdout13.json, the extra pools of holdout13.py;
- `--set holdout14`: models/eval/ip_table_holdout14.json, the extra pools of holdout14.py;
- `--set holdout15`: models/eval/ip_table_holdout15.json, the extra pools of holdout15.py;
- `--set holdout16`: models/eval/ip_table_holdout16.json, the extra pools of holdout16.py;
- `--set holdout17`: models/eval/ip_table_holdout17.json, the extra pools of holdout17.py;
- `--set holdout18`: models/eval/ip_table_holdout18.json, the extra pools of holdout18.py;
- `--set holdout19`: models/eval/ip_table_holdout19.json, the extra pools of holdout19.py;
- `--set holdout20`: models/eval/ip_table_holdout20.json, the extra pools of holdout20.py;
- `--set holdout21`: models/eval/ip_table_holdout21.json, the extra pools of holdout21.py;
- `--set all`: all twenty-one.

Each set has its own pools and random seed, so adding a set never changes another's file
(main and holdout2-holdout6 regenerate byte for byte). Run when the MMDB files change (needs
`maxminddb`, see requirements.txt):

    python3 -m venv .venv-eval && .venv-eval/bin/pip install -r models/eval/requirements.txt
    .venv-eval/bin/python models/eval/build_ip_table.py --set all

The harness itself needs only the committed JSON (stdlib), so `make eval` and the Rust
test that runs a tiny evaluation work without this package. Each pool is a list of
`[address, country, asn]` as the MMDB files resolve them, so riskgate sees the same.
"""

import argparse
import json
import os
import random
import sys

import maxminddb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pool name -> (AS numbers, country wanted; "!XX" means anywhere but XX, None anywhere)
POOLS = {
    # Home broadband, per country.
    "home_US": ([7922, 7018, 701, 20115, 22773], "US"),
    "home_GB": ([2856, 5607, 5089], "GB"),
    "home_DE": ([3320, 6805, 31334], "DE"),
    "home_FR": ([3215, 12322, 5410], "FR"),
    "home_ES": ([3352, 12479], "ES"),
    "home_IT": ([3269, 30722], "IT"),
    "home_NL": ([1136, 33915], "NL"),
    "home_JP": ([4713, 2516, 17676], "JP"),
    "home_KR": ([4766, 9318, 3786], "KR"),
    "home_CN": ([4134, 4837], "CN"),
    "home_CA": ([577, 812], "CA"),
    "home_AU": ([1221, 4804], "AU"),
    "home_BR": ([28573, 18881], "BR"),
    "home_IN": ([24560, 9829], "IN"),
    # Mobile carriers at home.
    "mobile_US": ([21928], "US"),
    "mobile_GB": ([12576, 35228, 25135], "GB"),
    "mobile_DE": ([3209], "DE"),
    "mobile_JP": ([9605], "JP"),
    "mobile_KR": ([9644], "KR"),
    "mobile_IN": ([55836], "IN"),
    "mobile_FR": ([51207], "FR"),
    # Mobile carriers' addresses that the country database places abroad.
    "mobile_abroad_DE": ([3209], "!DE"),
    "mobile_abroad_IN": ([55836], "!IN"),
    # iCloud Private Relay / consumer VPN egress (not hosting: real people behind them).
    "relay_US": ([36183, 13335], "US"),
    "relay_DE": ([36183, 13335], "DE"),
    "relay_JP": ([36183, 13335], "JP"),
    # Datacenters (listed in geoip/hosting_asns.txt).
    "hosting": ([16509, 14061, 16276, 24940, 20473, 63949, 396982], None),
}

# The second holdout set's extra pools. Public AS numbers of the named networks.
POOLS_HOLDOUT2 = {
    # Indonesia: Telkom IndiHome, Biznet (home); Telkomsel, Indosat (mobile).
    "home_ID": ([7713, 17451], "ID"),
    "mobile_ID": ([23693, 4761], "ID"),
    # Vietnam: VNPT, FPT (home); Viettel (mobile and home).
    "home_VN": ([45899, 18403], "VN"),
    "mobile_VN": ([7552], "VN"),
    # University networks: MIT, Stanford, UC Berkeley (US); Janet (GB); DFN (DE).
    "university_US": ([3, 32, 25], "US"),
    "university_GB": ([786], "GB"),
    "university_DE": ([680], "DE"),
    # Corporate web-proxy egress (Zscaler): whole offices behind a few addresses.
    "corp_proxy": ([53813, 62044], None),
    # Home broadband in countries the first table lacks, for travellers / proxies.
    "home_PL": ([5617, 12741], "PL"),
    "home_MX": ([8151], "MX"),
}

# The third holdout set's extra pools (holdout3.py). Public AS numbers of the named
# networks; countries whose buyers the first two tables lack, plus two kinds of network
# that geolocate oddly for honest people.
POOLS_HOLDOUT3 = {
    # Philippines: PLDT (home); Globe, Smart (mobile, heavy carrier-grade NAT).
    "home_PH": ([9299], "PH"),
    "mobile_PH": ([4775, 10139], "PH"),
    # Brazil mobile: Vivo (Telefonica Brasil), TIM.
    "mobile_BR": ([26599, 26615], "BR"),
    # China Mobile.
    "mobile_CN": ([9808, 56040, 56041, 56046], "CN"),
    # Taiwan HiNet; Hong Kong Netvigator, HKBN; Thailand 3BB, TOT; Turkey Turk Telekom.
    "home_TW": ([3462], "TW"),
    "home_HK": ([4760, 9269], "HK"),
    "home_TH": ([45758, 23969], "TH"),
    "home_TR": ([9121], "TR"),
    # Gulf: Etisalat, du (AE); STC (SA).
    "home_AE": ([5384, 15802], "AE"),
    "home_SA": ([25019], "SA"),
    # Swisscom (CH); Telia (SE).
    "home_CH": ([3303], "CH"),
    "home_SE": ([3301], "SE"),
    # Starlink: satellite users, geolocated wherever the ground station's block is listed.
    "starlink": ([14593], None),
    # Consumer-VPN exits (M247, Datacamp/CDN77): where commercial VPN apps egress.
    "vpn_consumer": ([9009, 60068], None),
}

# The fourth holdout set's extra pools (holdout4.py). Public AS numbers of the named
# networks: mobile-first countries behind carrier-grade NAT, Gulf and Hong Kong carriers
# (overseas workers), Latin America, schools, business fibre, Tor exits, privacy VPNs and
# the Asian cloud proxies mainland buyers reach foreign shops through.
POOLS_HOLDOUT4 = {
    # Nigeria MTN, Airtel; Kenya Safaricom; South Africa Vodacom, MTN SA (mobile, CGNAT).
    "mobile_NG": ([29465, 36873], "NG"),
    "mobile_KE": ([33771], "KE"),
    "mobile_ZA": ([29975, 16637], "ZA"),
    # Bangladesh Grameenphone; Mexico Telcel; Ukraine Kyivstar.
    "mobile_BD": ([24389], "BD"),
    "mobile_MX": ([28403], "MX"),
    "mobile_UA": ([15895], "UA"),
    # Mexico cable: Television Internacional.
    "cable_MX": ([11888], "MX"),
    # Home broadband: Egypt TE Data, LINKdotNET; Pakistan PTCL; Argentina Telecom
    # Argentina; Chile VTR; Israel Bezeq Intl, Partner; Singapore Singtel; Malaysia TM;
    # Belgium Telenet, Orange; US Charter Spectrum; Korea LG U+.
    "home_EG": ([8452, 24863], "EG"),
    "home_PK": ([17557, 45595], "PK"),
    "home_AR": ([7303], "AR"),
    "home_CL": ([22047], "CL"),
    "home_IL": ([8551, 12400], "IL"),
    "home_SG": ([9506, 7473], "SG"),
    "home_MY": ([4788], "MY"),
    "home_BE": ([6848, 47377], "BE"),
    "cable_US": ([20001], "US"),
    "home_KR_lgu": ([17858], "KR"),
    # China Mobile (mainland); Gulf and Hong Kong mobile: Etisalat, du (AE), Mobily,
    # Zain (SA), Ooredoo (QA), SmarTone, China Mobile HK.
    "mobile_CN_cmcc": ([56047], "CN"),
    "mobile_AE": ([5384, 15802], "AE"),
    "mobile_SA": ([35819, 43766], "SA"),
    "mobile_QA": ([8781], "QA"),
    "mobile_HK": ([17924, 58453], "HK"),
    # US research-and-education networks that carry K-12 schools and public libraries:
    # CENIC (California), MOREnet (Missouri), Merit (Michigan).
    "school_US": ([2152, 2572, 237], "US"),
    # Business fibre / office internet: Colt, Lumen (Level 3), Cogent.
    "business_fiber": ([8220, 3356, 174], None),
    # Tor exit operators: Foundation for Applied Privacy, Emerald Onion, Stiftung
    # Erneuerbare Freiheit, Calyx Institute, FranTech (BuyVM).
    "tor_exit": ([208323, 396507, 60729, 4224, 53667], None),
    # Privacy VPN egress: Proton, Mullvad (31173 Services), PacketHub, Datacamp.
    "vpn_privacy": ([209103, 39351, 136787, 212238], None),
    # Alibaba and Tencent cloud outside the mainland (HK/SG/JP/US): the "airport" proxies
    # mainland buyers use to reach foreign shops.
    "cloud_asia": ([45102, 132203], "!CN"),
}

# The fifth holdout set's extra pools (holdout5.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb: mobile-first markets
# where one phone serves a family, Latin American and Swiss networks (buyers paying in a
# currency that is not their address's), more research-and-education networks, satellite
# and in-flight internet, a privacy VPN, US mobile carriers (also the 4G proxies built on
# them), a Thai carrier (phone farms), and low-cost European clouds.
POOLS_HOLDOUT5 = {
    # Pakistan Jazz (Mobilink); Egypt Vodafone; Morocco Orange (Meditel), Maroc Telecom.
    "mobile_PK": ([45669], "PK"),
    "mobile_EG": ([36935, 24835], "EG"),
    "mobile_MA": ([36925, 6713], "MA"),
    # Peru Claro (mobile), Movistar (home); Colombia Tigo (mobile), Claro/Telmex (home).
    "mobile_PE": ([12252], "PE"),
    "home_PE": ([6147], "PE"),
    "mobile_CO": ([27831], "CO"),
    "home_CO": ([10620], "CO"),
    # Dollarised economies: Ecuador CNT, Telconet; Panama Cable & Wireless.
    "home_EC": ([28006, 27947], "EC"),
    "home_PA": ([11556], "PA"),
    # Argentina Telefonica; Mexico Telmex (Uninet).
    "home_AR_tasa": ([22927], "AR"),
    "home_MX_telmex": ([8151], "MX"),
    # Switzerland: Sunrise, UPC (Liberty Global) at home; Salt mobile.
    "home_CH_alt": ([6730, 6830], "CH"),
    "mobile_CH": ([15796], "CH"),
    # New Zealand: Spark, One NZ. Sweden: Tele2.
    "home_NZ": ([4771, 9500], "NZ"),
    "home_SE_tele2": ([1257], "SE"),
    # US mobile carriers: Verizon, AT&T.
    "mobile_US_big": ([6167, 22394, 20057], "US"),
    # Thailand: AIS (Advanced Wireless Network), DTAC (Total Access).
    "mobile_TH": ([131445, 45430, 24378], "TH"),
    # Research-and-education networks: SINET (JP), AARNet (AU), SURF (NL), RENATER (FR),
    # GARR (IT), RedIRIS (ES).
    "university_JP": ([2907], "JP"),
    "university_AU": ([7575], "AU"),
    "university_NL": ([1103], "NL"),
    "university_FR": ([2200], "FR"),
    "university_IT": ([137], "IT"),
    "university_ES": ([766], "ES"),
    # Satellite home internet: Starlink (both AS), Viasat, HughesNet.
    "satellite": ([14593, 27277, 7155, 6621, 1358], None),
    # In-flight and maritime Wi-Fi: Panasonic Avionics, Anuvu, Inmarsat, Gogo Business.
    "inflight": ([64294, 400110, 31515, 25222, 11167], None),
    # Mullvad VPN (31173 Services).
    "vpn_mullvad": ([39351], None),
    # Low-cost clouds: Contabo, Scaleway, Microsoft Azure, Oracle Cloud.
    "cloud_cheap": ([51167, 12876, 8075, 31898], None),
}

# The sixth holdout set's extra pools (holdout6.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb: home ISPs of
# countries that pay in currencies with 0 or 3 minor digits or in small European
# currencies, mobile carriers of mobile-first markets (also where phone farms sit),
# corporate secure-web-gateway egress, Tor exit operators, a privacy VPN, satellite and
# in-flight operators, and small VPS hosts.
POOLS_HOLDOUT6 = {
    # O2 Czech; Magyar Telekom; Telenor Norge; TDC (DK); DNA (FI); MEO, NOS (PT); OTE (GR);
    # DIGI (RO); A1 Telekom Austria; Eir (IE); Mila (IS); Kazakhtelecom.
    "h6_home_CZ": ([5610], "CZ"),
    "h6_home_HU": ([5483], "HU"),
    "h6_home_NO": ([2119], "NO"),
    "h6_home_DK": ([3292], "DK"),
    "h6_home_FI": ([16086], "FI"),
    "h6_home_PT": ([3243, 2860], "PT"),
    "h6_home_GR": ([6799], "GR"),
    "h6_home_RO": ([8708], "RO"),
    "h6_home_AT": ([8447], "AT"),
    "h6_home_IE": ([5466], "IE"),
    "h6_home_IS": ([6677], "IS"),
    "h6_home_KZ": ([9198], "KZ"),
    # Three-decimal currencies: Kuwait (Zain KW, Ooredoo KW), Bahrain (Beyon/Batelco),
    # Oman (Omantel), Jordan (Orange JO), Tunisia (Tunisia BackBone).
    "h6_gulf_KW": ([29357, 42961], "KW"),
    "h6_gulf_BH": ([5416], "BH"),
    "h6_gulf_OM": ([28885], "OM"),
    "h6_home_JO": ([8376], "JO"),
    "h6_home_TN": ([2609], "TN"),
    # Latin America: Entel (CL mobile), ANTEL (UY), Telecel/Tigo (PY mobile).
    "h6_mobile_CL": ([27651], "CL"),
    "h6_home_UY": ([6057], "UY"),
    "h6_mobile_PY": ([23201], "PY"),
    # Africa: Sonatel/Orange (SN), MTN Uganda.
    "h6_mobile_SN": ([8346], "SN"),
    "h6_mobile_UG": ([20294], "UG"),
    # Asia mobile (carrier-grade NAT): Viettel, MobiFone (VN); XL Axiata (ID); Globe (PH);
    # Vodafone Idea (IN).
    "h6_mobile_VN": ([7552, 131429], "VN"),
    "h6_mobile_ID": ([24203], "ID"),
    "h6_mobile_PH": ([132199], "PH"),
    "h6_mobile_IN": ([38266, 45271], "IN"),
    # Secure web gateways whole companies egress through: Netskope, Palo Alto Prisma.
    "h6_corp_sase": ([55256, 54538], None),
    # Tor exit operators: Emerald Onion, Foundation for Applied Privacy, Calyx, Quintex,
    # Feral.io, 1337 Services.
    "h6_tor": ([396507, 208323, 4224, 62744, 200052, 210558], None),
    # Privacy VPN egress: Mullvad (31173 Services), M247.
    "h6_vpn": ([39351, 9009], None),
    # Starlink; in-flight Wi-Fi (Anuvu, Viasat).
    "h6_starlink": ([14593], None),
    "h6_inflight": ([400110, 7155], None),
    # Small VPS hosts: Leaseweb, Hostinger, IONOS.
    "h6_vps": ([60781, 47583, 8560], None),
}

# The seventh holdout set's extra pools (holdout7.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: East Asian ISPs and carriers the other tables lack (JPY, KRW, CNY,
# TWD buyers), a Chinese campus network, euro-area ISPs of small member states, a Polish
# carrier, corporate secure-gateway and business-carrier egress, consumer VPNs (NordVPN's
# PacketHub, Datacamp, Opera's browser VPN), travel-eSIM breakout networks and a Chinese
# cloud.
POOLS_HOLDOUT7 = {
    # Japan: BIGLOBE, IIJ (home); Rakuten Mobile.
    "h7_home_JP": ([2518, 2497], "JP"),
    "h7_mobile_JP": ([138384], "JP"),
    # Korea: SK Broadband, LG HelloVision (cable).
    "h7_home_KR": ([9689, 38091], "KR"),
    # China: China Telecom, China Unicom Guangdong / Shanghai / Beijing; China Mobile;
    # CERNET (universities); Tencent Cloud.
    "h7_home_CN": ([4812, 17816, 17621, 4808], "CN"),
    "h7_mobile_CN": ([9808], "CN"),
    "h7_university_CN": ([4538], "CN"),
    "h7_cloud_CN": ([45090], None),
    # Taiwan: Taiwan Fixed Network, Digital United.
    "h7_home_TW": ([9924, 4780], "TW"),
    # Euro area: Telia Eesti, Telia Lietuva, Slovak Telekom, Hrvatski Telekom, POST
    # Luxembourg, Telekom Slovenije. Poland: Play (P4).
    "h7_home_EE": ([3249], "EE"),
    "h7_home_LT": ([8764], "LT"),
    "h7_home_SK": ([6855], "SK"),
    "h7_home_HR": ([5391], "HR"),
    "h7_home_LU": ([6661], "LU"),
    "h7_home_SI": ([5603], "SI"),
    "h7_mobile_PL": ([39603], "PL"),
    # Corporate secure web gateways (Cisco Umbrella / OpenDNS, Forcepoint) and business
    # carriers (NTT America, Orange Business).
    "h7_corp_gateway": ([36692, 44444], None),
    "h7_business": ([2914, 5511], None),
    # Consumer VPN egress: PacketHub (NordVPN), Datacamp; Opera's built-in browser VPN.
    "h7_vpn_consumer": ([147049, 136787, 212238], None),
    "h7_opera_vpn": ([39832, 21837], None),
    # Travel eSIMs break out where their operator's gateway is: Webbing, Transatel,
    # emnify.
    "h7_travel_esim": ([393559, 198335, 138199, 394333, 60044], None),
}

# The eighth holdout set's extra pools (holdout8.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: euro-area home ISPs and mobile carriers the main table lacks, Japanese,
# Korean and Chinese carriers, Korean PC-bang lines, East and South-East Asian home ISPs
# (travellers' hotel and cafe Wi-Fi), carrier ranges the country database places abroad,
# corporate secure-web-gateway egress, consumer VPN exits, more US and UK home ISPs
# (also where residential proxies exit), mobile-first markets and cloud hosts.
POOLS_HOLDOUT8 = {
    # Euro area: A1 Telekom Austria, Proximus (BE), MEO (PT), Eircom (IE), OTE (GR) at home;
    # Vodafone Espana, Wind Tre and Vodafone Italia on mobile.
    "h8_home_AT": ([8447], "AT"),
    "h8_home_BE": ([5432], "BE"),
    "h8_home_PT": ([3243], "PT"),
    "h8_home_IE": ([5466], "IE"),
    "h8_home_GR": ([6799], "GR"),
    "h8_mobile_ES": ([12430, 12357], "ES"),
    "h8_mobile_IT": ([1267, 30722], "IT"),
    # Japan SoftBank, Rakuten Mobile; Korea LG U+ (LG Powercomm); China Mobile.
    "h8_mobile_JP": ([17676, 138384], "JP"),
    "h8_mobile_KR": ([17858], "KR"),
    "h8_mobile_CN": ([9808], "CN"),
    # Korean PC bangs sit on Korea Telecom and SK Broadband business lines.
    "h8_pcbang_KR": ([4766, 9318], "KR"),
    # Chunghwa (TW), PCCW, HKBN (HK), Singtel (SG), TOT (TH).
    "h8_home_TW": ([3462], "TW"),
    "h8_home_HK": ([4760, 9269], "HK"),
    "h8_home_SG": ([9506], "SG"),
    "h8_home_TH": ([23969], "TH"),
    # Carrier ranges the country database places abroad: KDDI (au), Telkomsel, Free Mobile
    # (its overseas-department ranges).
    "h8_abroad_JP": ([2516], "!JP"),
    "h8_abroad_ID": ([23693], "!ID"),
    "h8_abroad_FR": ([51207], "!FR"),
    "h8_mobile_ID": ([23693], "ID"),
    # Corporate secure-web-gateway / DNS-proxy egress: Zscaler, Cisco OpenDNS (Umbrella).
    "h8_corp": ([53813, 36692], None),
    # Consumer VPN exits: Proton, M247, Datacamp.
    "h8_vpn": ([209103, 9009, 212238], None),
    # US home: Frontier, CenturyLink, Cablevision (Optimum), Charter; UK: TalkTalk, Vodafone.
    "h8_home_US2": ([5650, 209, 6128, 11427], "US"),
    "h8_home_GB2": ([13285, 5378], "GB"),
    # Swisscom; Orange Polska.
    "h8_home_CH": ([3303], "CH"),
    "h8_home_PL": ([5617], "PL"),
    # MTN Nigeria; Viettel.
    "h8_mobile_NG": ([29465], "NG"),
    "h8_mobile_VN": ([7552], "VN"),
    # Clouds: Alibaba (US), Huawei International, Huawei Cloud.
    "h8_cloud": ([45102, 136907, 55990], None),
}

# The ninth holdout set's extra pools (holdout9.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: more home ISPs in the US, UK, Germany, France, Belgium, Japan, Korea
# and East / South-East Asia (also where residential proxies exit), mobile carriers (also
# 4G proxies), carrier ranges the country database places abroad, research-and-education
# networks, corporate secure-web-gateway egress, Cloudflare WARP, consumer VPNs, travel
# eSIM breakout, in-flight Wi-Fi, Starlink, the clouds hosted browsing agents run in and
# cheap VPS hosts.
POOLS_HOLDOUT9 = {
    # US home: Mediacom, WideOpenWest, Windstream, Cable One; UK: Hyperoptic, BT (Plusnet);
    # DE: 1&1 Versatel, NetCologne; FR: SFR; BE: Proximus.
    "h9_home_US3": ([30036, 12083, 7029, 11492], "US"),
    "h9_home_GB3": ([56478, 6871], "GB"),
    "h9_home_DE2": ([8881, 8422], "DE"),
    "h9_home_FR2": ([15557], "FR"),
    "h9_home_BE": ([5432], "BE"),
    # Japan: So-net, OPTAGE (eo), J:COM at home; SoftBank, KDDI (au) on mobile.
    "h9_home_JP2": ([2527, 17511, 9824], "JP"),
    "h9_mobile_JP2": ([17676, 2516], "JP"),
    # Korea: Dreamline, LG HelloVision at home; LG U+ on mobile.
    "h9_home_KR2": ([9457, 17839, 38091], "KR"),
    "h9_mobile_KR2": ([17858], "KR"),
    # China Mobile (provincial AS).
    "h9_mobile_CN": ([56044, 56048], "CN"),
    # Chunghwa (TW), PCCW (HK), Singtel (SG), TOT (TH), VNPT (VN).
    "h9_home_TW": ([3462], "TW"),
    "h9_home_HK": ([4760], "HK"),
    "h9_home_SG": ([9506], "SG"),
    "h9_home_TH": ([23969], "TH"),
    "h9_home_VN": ([45899], "VN"),
    # Mobile: Verizon, AT&T (US); Odido (NL); Bell Mobility (CA); Vodafone AU; Vodafone TR,
    # Turkcell; TIM (BR); Telcel (MX); Airtel (IN).
    "h9_mobile_US": ([6167, 22394, 20057], "US"),
    "h9_mobile_NL": ([50266], "NL"),
    "h9_mobile_CA": ([36522], "CA"),
    "h9_mobile_AU": ([133612], "AU"),
    "h9_mobile_TR": ([15924, 16135], "TR"),
    "h9_mobile_BR": ([26615], "BR"),
    "h9_mobile_MX": ([28403], "MX"),
    "h9_mobile_IN": ([45609], "IN"),
    # Carrier / ISP ranges the country database places abroad: KDDI, Telstra, Rogers and
    # TELUS, TM (MY).
    "h9_abroad_JP": ([2516], "!JP"),
    "h9_abroad_AU": ([1221], "!AU"),
    "h9_abroad_CA": ([812, 852], "!CA"),
    "h9_abroad_MY": ([4788], "!MY"),
    # Research-and-education networks: DFN (DE), SINET (JP), CERNET (CN), KISTI (KR).
    "h9_university": ([680, 2907, 4538, 17579], None),
    # Corporate secure web gateways: Zscaler (both AS), Netskope, Palo Alto Prisma.
    "h9_corp_gw": ([53813, 62044, 55256, 54538], None),
    # Cloudflare WARP (the 1.1.1.1 app) egress.
    "h9_warp": ([13335], None),
    # Consumer VPN exits: M247, Datacamp, Proton.
    "h9_vpn": ([9009, 212238, 209103], None),
    # Travel eSIM breakout: Webbing, Transatel (three AS).
    "h9_esim": ([393559, 198335, 138199, 394333], None),
    # In-flight Wi-Fi: Panasonic Avionics, Gogo Business Aviation, Viasat; Starlink.
    "h9_inflight": ([64294, 11167, 7155], None),
    "h9_starlink": ([14593], None),
    # Clouds hosted browsing agents run in: Microsoft Azure, Google Cloud, AWS.
    "h9_cloud_agent": ([8075, 396982, 16509], None),
    # Cheap VPS hosts: Contabo, DigitalOcean, Hetzner.
    "h9_vps": ([51167, 14061, 24940], None),
}

# The tenth holdout set's extra pools (holdout10.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb and the countries in
# geoip/country.mmdb: smaller US cable ISPs and US mobile carriers (also where residential
# proxies exit), Telkomsel ranges the country database places abroad, Japanese, Korean and
# Chinese home ISPs and carriers, China Telecom ranges placed abroad, euro-area ISPs,
# corporate secure-access egress, consumer VPN exits, travellers' destination ISPs,
# satellite, Indian and Brazilian carriers, and cloud / VPS hosts.
POOLS_HOLDOUT10 = {
    # US: Mediacom, WideOpenWest, Suddenlink (cable); AT&T, Verizon, T-Mobile (mobile);
    # Telkomsel (Indonesia) ranges the country database places outside Indonesia.
    "h10_home_US": ([30036, 12083, 19108], "US"),
    "h10_mobile_US": ([20057, 6167, 21928], "US"),
    "h10_mobile_abroad_ID": ([23693], "!ID"),
    # Residential-proxy exits sit on ordinary consumer lines: Comcast, Charter, AT&T, Cox.
    "h10_resi_US": ([7922, 20115, 7018, 22773], "US"),
    "h10_resi_GB": ([2856, 5089], "GB"),
    # Japan: Sony (So-net), BIGLOBE, IIJ; Korea: KT, SK Broadband; SKT, LG U+ mobile.
    "h10_home_JP": ([2527, 2518, 2497], "JP"),
    "h10_home_KR": ([4766, 9318], "KR"),
    "h10_mobile_KR": ([9644, 17858], "KR"),
    # China: Chinanet, China Unicom, China Mobile; Chinanet ranges the database places abroad.
    "h10_home_CN": ([4134, 4837, 9808], "CN"),
    "h10_abroad_CN": ([4134, 4837], "!CN"),
    # Euro area: 1&1 Versatel, Vodafone (DE); SFR (FR); KPN (NL).
    "h10_home_DE": ([8881, 3209], "DE"),
    "h10_home_FR": ([15557], "FR"),
    "h10_home_NL": ([1136], "NL"),
    # Corporate secure-access egress: Zscaler, Netskope, Palo Alto Prisma Access.
    "h10_corp": ([53813, 55256, 54538], None),
    # Consumer VPN exits: M247, PacketHub (NordVPN), Proton, Datacamp.
    "h10_vpn": ([9009, 207137, 209103, 60068], None),
    # Travellers' hotel / cafe Wi-Fi: Singtel, Etisalat, 3BB, Turk Telekom, PCCW, Chunghwa.
    "h10_travel": ([9506, 5384, 45758, 9121, 4760, 3462], None),
    # Satellite: Starlink, Viasat (also in-flight Wi-Fi).
    "h10_satellite": ([14593, 7155], None),
    # India: Jio, Airtel; Brazil: Vivo, TIM.
    "h10_mobile_IN": ([55836, 45609], "IN"),
    "h10_mobile_BR": ([26599, 26615], "BR"),
    # Cloud / VPS: DigitalOcean, Hetzner, OVH, Vultr, Oracle, Tencent, Contabo.
    "h10_cloud": ([14061, 24940, 16276, 20473, 31898, 132203, 51167], None),
}

# The eleventh holdout set's extra pools (holdout11.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: home ISPs and mobile carriers of the buyers' countries, carrier and
# ISP ranges the country database places abroad, iCloud Private Relay / WARP egress,
# corporate secure-web-gateway egress, travellers' hotel networks and travel eSIMs, the
# consumer lines and 4G carriers residential / mobile proxies exit on, clouds, VPNs, the
# Asian cloud "airports" mainland buyers use, and a few home networks fraud crews work from.
POOLS_HOLDOUT11 = {
    # Home broadband. US: Verizon Fios, Optimum, Frontier, CenturyLink, Cox; GB: BT, Sky,
    # Virgin Media, TalkTalk; DE: Telekom, O2, 1&1 Versatel, Vodafone; FR: Orange, Free,
    # Bouygues, SFR; ES: Movistar, Orange, Vodafone; IT: TIM, Fastweb, Vodafone; NL: KPN,
    # Vodafone Libertel; JP: OCN, KDDI, SoftBank, So-net; KR: KT, SK Broadband, LG U+,
    # Dreamline, LG HelloVision; CN: Chinanet, Unicom, China Telecom; CA: Bell, Rogers,
    # TELUS, Shaw; AU: Telstra, Optus, TPG; BR: Claro, Vivo; IN: Airtel, BSNL.
    "h11_home_US": ([701, 6128, 5650, 209, 22773], "US"),
    "h11_home_GB": ([2856, 5607, 5089, 13285], "GB"),
    "h11_home_DE": ([3320, 6805, 8881, 3209], "DE"),
    "h11_home_FR": ([3215, 12322, 5410, 15557], "FR"),
    "h11_home_ES": ([3352, 12479, 12430], "ES"),
    "h11_home_IT": ([3269, 12874, 30722], "IT"),
    "h11_home_NL": ([1136, 33915], "NL"),
    "h11_home_JP": ([4713, 2516, 17676, 2527], "JP"),
    "h11_home_KR": ([4766, 9318, 17858, 9457, 38091], "KR"),
    "h11_home_CN": ([4134, 4837, 4812], "CN"),
    "h11_home_CA": ([577, 812, 852, 6327], "CA"),
    "h11_home_AU": ([1221, 4804, 7545], "AU"),
    "h11_home_BR": ([28573, 18881, 27699], "BR"),
    "h11_home_IN": ([24560, 9829], "IN"),
    # Mobile carriers at home. US: T-Mobile, Verizon, AT&T; GB: O2, Vodafone, Three; JP:
    # docomo, au; KR: SK Telecom, LG U+; CN: China Mobile; IN: Jio, Airtel, Vi; BR: Vivo,
    # TIM; PH: Globe.
    "h11_mobile_US": ([21928, 6167, 20057], "US"),
    "h11_mobile_GB": ([35228, 25135, 206067], "GB"),
    "h11_mobile_JP": ([9605, 2516], "JP"),
    "h11_mobile_KR": ([9644, 17858], "KR"),
    "h11_mobile_CN": ([9808, 56040], "CN"),
    "h11_mobile_IN": ([55836, 45609, 45271], "IN"),
    "h11_mobile_BR": ([26599, 26615], "BR"),
    "h11_mobile_PH": ([132199, 4775], "PH"),
    # Carrier / ISP ranges the country database places abroad: Jio and Vi (IN), KDDI (JP),
    # BT (GB), Telkom Indonesia and Telkomsel (ID), Globe and ComClark (PH).
    "h11_abroad_IN": ([55836, 38266], "!IN"),
    "h11_abroad_JP": ([2516], "!JP"),
    "h11_abroad_GB": ([2856], "!GB"),
    "h11_abroad_ID": ([7713, 23693], "!ID"),
    "h11_abroad_PH": ([4775, 17639], "!PH"),
    # iCloud Private Relay (Akamai) and Cloudflare WARP egress.
    "h11_relay": ([36183, 13335], None),
    # Corporate secure web gateways: Zscaler (both AS), Netskope, Cisco Umbrella, Prisma.
    "h11_corp": ([53813, 62044, 55256, 36692, 54538], None),
    # Travellers' hotel and cafe networks: Movistar (ES), Uninet (MX), 3BB (TH), Etisalat
    # (AE), Turk Telekom, Singtel, PCCW (HK), Chunghwa (TW), TIM (IT); travel eSIM
    # breakout: Webbing, Transatel.
    "h11_travel": ([3352, 8151, 45758, 5384, 9121, 9506, 4760, 3462, 3269], None),
    "h11_esim": ([393559, 198335, 138199], None),
    # Where residential proxies exit: Comcast, Charter, AT&T, Cox, CenturyLink, Frontier
    # (US); BT, Virgin Media, Sky, TalkTalk (GB); Telekom, Vodafone, 1&1 Versatel, O2 (DE);
    # Orange, SFR, Bouygues, Free (FR); Bell, Rogers, TELUS, Shaw (CA).
    "h11_resi_US": ([7922, 20115, 7018, 22773, 209, 5650], "US"),
    "h11_resi_GB": ([2856, 5089, 5607, 13285], "GB"),
    "h11_resi_DE": ([3320, 3209, 8881, 6805], "DE"),
    "h11_resi_FR": ([3215, 15557, 5410, 12322], "FR"),
    "h11_resi_CA": ([577, 812, 852, 6327], "CA"),
    # 4G proxies sit on US carriers: T-Mobile, AT&T, Verizon.
    "h11_mproxy_US": ([21928, 20057, 6167], "US"),
    # Clouds and VPS: AWS, DigitalOcean, Hetzner, OVH, Vultr, Azure, Google Cloud, Oracle,
    # Contabo.
    "h11_dc": ([16509, 14061, 24940, 16276, 20473, 8075, 396982, 31898, 51167], None),
    # Consumer / privacy VPN exits: M247, Datacamp (both AS), Mullvad (31173), Proton.
    "h11_vpn": ([9009, 60068, 212238, 39351, 209103], None),
    # Alibaba and Tencent cloud outside the mainland (the "airports").
    "h11_cloud_asia": ([45102, 132203], "!CN"),
    # Home / mobile lines crews work from: Viettel, VNPT (VN), XL Axiata (ID), Beeline,
    # Rostelecom (RU), MTN (NG), Globe (PH).
    "h11_origin": ([7552, 45899, 24203, 8402, 12389, 29465, 132199], None),
    # More home lines, so that unrelated households rarely share an address: US Comcast,
    # Charter (Spectrum, four AS), AT&T, RCN; JP BIGLOBE, OPTAGE (eo), J:COM. And more
    # residential-proxy exits on the same US consumer networks (proxy pools are large).
    "h11_home_US2": ([7922, 20115, 7018], "US"),
    "h11_home_US3": ([11427, 20001, 10796, 33363, 6079], "US"),
    "h11_home_JP2": ([2518, 17511, 9824], "JP"),
    "h11_resi_US2": ([7922, 20115, 11427, 10796], "US"),
    "h11_resi_US3": ([7018, 209, 5650, 33363], "US"),
    "h11_resi_US4": ([22773, 6128, 701, 20001, 6079], "US"),
}

# The twelfth holdout set's extra pools (holdout12.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: home ISPs and mobile carriers of the buyers' countries, carrier
# ranges the country database places abroad, corporate secure-web-gateway egress, iCloud
# Private Relay / WARP, travellers' hotel networks and travel eSIMs, the consumer lines and
# US 4G carriers residential / mobile proxies exit on, clouds, VPN exits, the Asian cloud
# "airports", and home / mobile lines crews work from.
POOLS_HOLDOUT12 = {
    # Home broadband. US: Comcast, Charter, Verizon Fios, Cox, Optimum, Frontier; GB: BT,
    # Virgin Media, Sky; DE: Telekom, O2, Vodafone; FR: Orange, Free, Bouygues; ES:
    # Movistar, Orange; IT: TIM, Fastweb; NL: KPN, Vodafone Libertel; JP: OCN, SoftBank,
    # BIGLOBE; KR: KT, SK Broadband; CN: Chinanet, Unicom; CA: Bell, Rogers; AU: Telstra,
    # Optus; IN: Airtel; BR: Claro.
    "h12_home_US": ([7922, 20115, 701, 22773, 6128, 5650], "US"),
    "h12_home_GB": ([2856, 5089, 5607], "GB"),
    "h12_home_DE": ([3320, 6805, 3209], "DE"),
    "h12_home_FR": ([3215, 12322, 5410], "FR"),
    "h12_home_ES": ([3352, 12479], "ES"),
    "h12_home_IT": ([3269, 12874], "IT"),
    "h12_home_NL": ([1136, 33915], "NL"),
    "h12_home_JP": ([4713, 17676, 2518], "JP"),
    "h12_home_KR": ([4766, 9318], "KR"),
    "h12_home_CN": ([4134, 4837], "CN"),
    "h12_home_CA": ([577, 812], "CA"),
    "h12_home_AU": ([1221, 4804], "AU"),
    "h12_home_IN": ([24560], "IN"),
    "h12_home_BR": ([28573], "BR"),
    # Mobile carriers at home (carrier-grade NAT). US: T-Mobile, Verizon, AT&T; GB: EE,
    # Vodafone, Three; DE: Telefonica; JP: docomo, au; KR: SK Telecom, LG U+; CN: China
    # Mobile; IN: Jio, Airtel.
    "h12_mobile_US": ([21928, 6167, 20057], "US"),
    "h12_mobile_GB": ([12576, 25135, 206067], "GB"),
    "h12_mobile_DE": ([6805, 3209], "DE"),
    "h12_mobile_JP": ([9605, 2516], "JP"),
    "h12_mobile_KR": ([9644, 17858], "KR"),
    "h12_mobile_CN": ([9808, 56040], "CN"),
    "h12_mobile_IN": ([55836, 45609], "IN"),
    # Carrier ranges the country database places abroad: Vodafone (DE), SK Telecom and KT
    # (KR), Jio (IN).
    "h12_abroad_DE": ([3209], "!DE"),
    "h12_abroad_KR": ([9644, 4766], "!KR"),
    "h12_abroad_IN": ([55836], "!IN"),
    # Corporate secure web gateways: Zscaler (both AS), Netskope, Cisco Umbrella.
    "h12_corp": ([53813, 62044, 55256, 36692], None),
    # iCloud Private Relay (Akamai) and Cloudflare WARP egress.
    "h12_relay": ([36183, 13335], None),
    # Travellers: hotel and cafe networks (3BB, Etisalat, Singtel, Turk Telekom, Uninet,
    # PCCW, Chunghwa) and travel eSIM breakout (Webbing, Transatel).
    "h12_travel": ([45758, 5384, 9506, 9121, 8151, 4760, 3462], None),
    "h12_esim": ([393559, 198335, 138199], None),
    # Residential-proxy exits on consumer lines: US (Comcast, Charter, AT&T, Cox,
    # CenturyLink, Frontier), GB (BT, Virgin, Sky, TalkTalk), DE (Telekom, Vodafone, O2).
    "h12_resi_US": ([7922, 20115, 7018, 22773, 209, 5650, 11427], "US"),
    "h12_resi_GB": ([2856, 5089, 5607, 13285], "GB"),
    "h12_resi_DE": ([3320, 3209, 6805], "DE"),
    # 4G proxies on US carriers: T-Mobile, AT&T, Verizon.
    "h12_mproxy_US": ([21928, 20057, 6167], "US"),
    # Clouds and VPS: AWS, DigitalOcean, Hetzner, OVH, Vultr, Azure, Google Cloud, Contabo.
    "h12_dc": ([16509, 14061, 24940, 16276, 20473, 8075, 396982, 51167], None),
    # VPN exits: M247, Datacamp, PacketHub, Proton, Mullvad (31173).
    "h12_vpn": ([9009, 60068, 207137, 209103, 39351], None),
    # Alibaba and Tencent cloud outside the mainland.
    "h12_cloud_asia": ([45102, 132203], "!CN"),
    # Home / mobile lines crews work from: Viettel, VNPT (VN), XL Axiata (ID), MTN (NG),
    # Rostelecom (RU), Globe (PH), Turkcell (TR).
    "h12_origin": ([7552, 45899, 24203, 29465, 12389, 132199, 16135], None),
}

# The thirteenth holdout set's extra pools (holdout13.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb: home ISPs and mobile
# carriers of the buyers' countries, carrier ranges the country database places abroad,
# Indian carrier-grade NAT, campus networks, corporate secure-web-gateway egress, iCloud
# Private Relay / WARP, hotel networks and travel eSIMs, Starlink, the consumer lines and
# US 4G carriers residential / mobile proxies exit on, clouds, VPN exits, the Asian cloud
# "airports", and home / mobile lines crews work from.
POOLS_HOLDOUT13 = {
    # Home broadband. US: Comcast, Charter, AT&T, Verizon, Cox, Optimum, Mediacom, WOW;
    # GB: BT, Virgin Media, Sky; DE: Telekom, O2, 1&1 Versatel; FR: Orange, Free, SFR;
    # ES: Movistar, Orange, Vodafone; IT: TIM, Fastweb, Vodafone; NL: KPN, Vodafone
    # Libertel; JP: OCN, SoftBank, Sony (So-net), KDDI; KR: KT, SK Broadband, LG U+; CN:
    # Chinanet, Unicom, China Telecom; CA: Bell, Rogers; AU: Telstra, Optus.
    "h13_home_US": ([7922, 20115, 7018, 701, 22773, 6128, 30036, 12083], "US"),
    "h13_home_GB": ([2856, 5089, 5607], "GB"),
    "h13_home_DE": ([3320, 6805, 8881], "DE"),
    "h13_home_FR": ([3215, 12322, 15557], "FR"),
    "h13_home_ES": ([3352, 12479, 12430], "ES"),
    "h13_home_IT": ([3269, 12874, 30722], "IT"),
    "h13_home_NL": ([1136, 33915], "NL"),
    "h13_home_JP": ([4713, 17676, 2527, 2516], "JP"),
    "h13_home_KR": ([4766, 9318, 17858], "KR"),
    "h13_home_CN": ([4134, 4837, 4812], "CN"),
    "h13_home_CA": ([577, 812], "CA"),
    "h13_home_AU": ([1221, 4804], "AU"),
    # Mobile carriers at home. US: T-Mobile, Verizon, AT&T; GB: Vodafone; DE: Vodafone,
    # Telefonica; JP: docomo, au; KR: SK Telecom, LG U+; CN: China Mobile.
    "h13_mobile_US": ([21928, 6167, 20057], "US"),
    "h13_mobile_GB": ([25135], "GB"),
    "h13_mobile_DE": ([3209, 6805], "DE"),
    "h13_mobile_JP": ([9605, 2516], "JP"),
    "h13_mobile_KR": ([9644, 17858], "KR"),
    "h13_mobile_CN": ([9808, 56040], "CN"),
    # Indian carriers (heavy carrier-grade NAT): Jio, Airtel.
    "h13_mobile_IN": ([55836, 45609], "IN"),
    # Carrier / ISP ranges the country database places abroad: BT (GB), Vodafone /
    # Telefonica (DE), KT / SK Telecom (KR), Jio (IN).
    "h13_abroad_GB": ([2856], "!GB"),
    "h13_abroad_DE": ([3209, 6805], "!DE"),
    "h13_abroad_KR": ([4766, 9644], "!KR"),
    "h13_abroad_IN": ([55836], "!IN"),
    # Campus networks: MIT (US), Jisc (GB), DFN (DE), SINET (JP).
    "h13_campus": ([3, 786, 680, 2907], None),
    # Corporate secure web gateways: Zscaler, Netskope, Cisco Umbrella.
    "h13_corp": ([53813, 55256, 36692], None),
    # iCloud Private Relay (Akamai) and Cloudflare WARP egress.
    "h13_relay": ([36183, 13335], None),
    # Hotel / airport / cafe networks abroad: Singtel, PCCW, Etisalat, Chunghwa, 3BB;
    # travel eSIM breakout: Webbing, Transatel (both AS).
    "h13_travel": ([9506, 4760, 5384, 3462, 45758], None),
    "h13_esim": ([393559, 198335, 138199], None),
    # Starlink.
    "h13_starlink": ([14593], None),
    # Residential-proxy exits on consumer lines: US, GB, DE, JP.
    "h13_resi_US": ([7922, 20115, 7018, 22773, 701, 6128], "US"),
    "h13_resi_GB": ([2856, 5089, 5607], "GB"),
    "h13_resi_DE": ([3320, 6805, 8881], "DE"),
    "h13_resi_JP": ([4713, 17676, 2527], "JP"),
    # 4G proxies on US carriers: T-Mobile, AT&T, Verizon.
    "h13_mproxy_US": ([21928, 20057, 6167], "US"),
    # Clouds and VPS: AWS, DigitalOcean, Hetzner, OVH, Vultr, Contabo, Linode (Akamai),
    # Azure, Google Cloud.
    "h13_dc": ([16509, 14061, 24940, 16276, 20473, 51167, 63949, 8075, 15169], None),
    # VPN exits: M247, Datacamp (both AS), PacketHub, Proton, Mullvad (31173).
    "h13_vpn": ([9009, 60068, 212238, 207137, 209103, 39351], None),
    # Alibaba and Tencent cloud outside the mainland.
    "h13_cloud_asia": ([45102, 132203], "!CN"),
    # Home / mobile lines crews work from: Viettel (VN), MTN (NG), Rostelecom (RU), Globe
    # (PH), Turkcell (TR), PTCL (PK).
    "h13_origin": ([7552, 29465, 12389, 132199, 16135, 17557], None),
}

# The fourteenth holdout set's extra pools (holdout14.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb and the countries in
# geoip/country.mmdb: smaller home ISPs of the buyers' countries (also where residential
# proxies exit), mobile carriers of carrier-grade-NAT markets, carrier ranges the country
# database places abroad, secure-service-edge egress of companies, hotel and airport
# networks, campus networks, the overseas relay nodes ("airports") mainland buyers reach
# foreign shops through, Private Relay egress, VPN exits, UK and German mobile carriers
# (where 4G proxies sit), clouds and hosting, and the home / mobile lines crews work from.
POOLS_HOLDOUT14 = {
    # Home broadband. US: Google Fiber, Sonic, Breezeline, TDS, Midco, Ziply (Wholesail);
    # GB: Zen, KCOM, Community Fibre; DE: M-net, EWE TEL, Deutsche Glasfaser; ES: DIGI,
    # MasMovil (Xtra), Euskaltel; IT: Tiscali, EOLO; NL: DELTA Fiber, Odido; JP: ARTERIA,
    # Asahi Net, QTnet; KR: DLIVE, Sejong Networks; CN: China TieTong, China Networks
    # Inter-Exchange; CA: Cogeco, Videotron, EastLink; AU: Aussie Broadband (Wideband),
    # Superloop, iiNet; BR: Algar, V tal (Oi), Brisanet; IN: ACT Fibernet, Hathway.
    "h14_home_US": ([16591, 46375, 11776, 4181, 11232, 20055], "US"),
    "h14_home_GB": ([13037, 12390, 201838], "GB"),
    "h14_home_DE": ([8767, 9145, 60294], "DE"),
    "h14_home_ES": ([57269, 15704, 12338], "ES"),
    "h14_home_IT": ([8612, 35612], "IT"),
    "h14_home_NL": ([15435, 13127], "NL"),
    "h14_home_JP": ([17506, 4685, 7679], "JP"),
    "h14_home_KR": ([10036, 9848], "KR"),
    "h14_home_CN": ([9394, 4847], "CN"),
    "h14_home_CA": ([7992, 5769, 11260], "CA"),
    "h14_home_AU": ([4764, 38195, 4739], "AU"),
    "h14_home_BR": ([16735, 7738, 28126], "BR"),
    "h14_home_IN": ([24309, 17488], "IN"),
    # Mobile carriers behind heavy carrier-grade NAT: DITO (PH), Globacom (NG), Zong
    # (CMPak) and Telenor (PK), Robi (Axiata) and Banglalink (BD), Vodafone Idea (IN).
    "h14_cgnat_PH": ([139831], "PH"),
    "h14_cgnat_NG": ([37148], "NG"),
    "h14_cgnat_PK": ([59257, 24499], "PK"),
    "h14_cgnat_BD": ([24432, 45245], "BD"),
    "h14_cgnat_IN": ([45271], "IN"),
    # Carrier ranges the country database places abroad: Smartfren and Indosat (ID),
    # SoftBank (JP), Orange Espagne (ES), Claro (BR), T-Mobile Austria (AT).
    "h14_abroad_ID": ([18004, 4761], "!ID"),
    "h14_abroad_JP": ([17676], "!JP"),
    "h14_abroad_ES": ([12479], "!ES"),
    "h14_abroad_BR": ([28573], "!BR"),
    "h14_abroad_AT": ([8412], "!AT"),
    # Secure-service-edge egress whole companies browse through: iboss, Menlo Security,
    # Cato Networks, Check Point SSE.
    "h14_corp_sse": ([396253, 62654, 13150, 213176], None),
    # Hotel and airport networks: Guest-Tek, Boingo; hotel lines on True (TH), NOS (PT).
    "h14_hotel": ([39852, 23027, 7470, 2860], None),
    # Campus networks: Harvard, UCLA, Toronto, Tokyo, Seoul National, SWITCH (CH),
    # Melbourne.
    "h14_campus": ([1742, 52, 239, 2501, 9488, 559, 10148], None),
    # Overseas relay nodes mainland buyers subscribe to: IT7 Networks, DMIT, Zenlayer.
    "h14_airport": ([25820, 906, 21859], "!CN"),
    # iCloud Private Relay egress run by Fastly and Akamai.
    "h14_relay": ([54113, 36183], None),
    # VPN exits: Clouvider, tzulo, M247, Datacamp.
    "h14_vpn": ([62240, 11878, 9009, 60068], None),
    # Residential-proxy exits on consumer lines: US (Comcast, Charter, Breezeline, TDS,
    # Google Fiber), GB (BT, Virgin Media, Zen), CA (Bell, Rogers, Videotron, Cogeco), AU
    # (Telstra, Optus, iiNet).
    "h14_resi_US": ([7922, 20115, 10796, 11776, 4181, 16591], "US"),
    "h14_resi_GB": ([2856, 5089, 13037], "GB"),
    "h14_resi_CA": ([577, 812, 5769, 7992], "CA"),
    "h14_resi_AU": ([1221, 4804, 4739], "AU"),
    # 4G proxies on UK and German carriers: Three UK, O2 UK (Telefonica), Telefonica
    # Germany, Vodafone Germany.
    "h14_mproxy_GB": ([206067, 35228], "GB"),
    "h14_mproxy_DE": ([6805, 3209], "DE"),
    # Hosting the scripts run on: Psychz, Aeza, G-Core, Servers.com, Cherry Servers,
    # HostPapa.
    "h14_dc": ([40676, 210644, 199524, 7979, 16125, 36352], None),
    # Clouds headless browsers run in: Oracle, Scaleway, AWS (14618), Azure.
    "h14_cloud": ([31898, 12876, 14618, 8075], None),
    # Home / mobile lines crews work from: Kyivstar, lifecell (UA), FPT (VN), TE Data,
    # Vodafone (EG).
    "h14_origin": ([15895, 34058, 18403, 8452, 36935], None),
}

# The fifteenth holdout set's extra pools (holdout15.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb and the countries in
# geoip/country.mmdb: more home ISPs and mobile carriers of the buyers' countries (where
# residential and 4G proxies exit too), carrier-grade-NAT carriers of Indonesia and the
# Philippines, carrier ranges the country database places abroad, companies' secure web
# gateways, in-flight, hotel and travel-eSIM networks, campus networks, consumer VPN
# exits, the overseas relay nodes mainland buyers use, hosting and clouds, and the
# home / mobile lines crews work from.
POOLS_HOLDOUT15 = {
    # Home broadband. US: Frontier, Windstream, Optimum (Cablevision), WOW, Mediacom,
    # CenturyLink, Suddenlink; GB: TalkTalk, Hyperoptic, BT (6871); DE: 1&1 Versatel,
    # NetCologne, Plusnet GmbH; FR: SFR; JP: BIGLOBE, OPTAGE (eo), J:COM, Sony Network
    # (So-net / NURO); KR: Sejong Networks, LG HelloVision (two AS).
    "h15_home_US": ([5650, 7029, 6128, 12083, 30036, 209, 19108], "US"),
    "h15_home_GB": ([13285, 56478, 6871], "GB"),
    "h15_home_DE": ([8881, 8422, 20676], "DE"),
    "h15_home_FR": ([15557], "FR"),
    "h15_home_JP": ([2518, 17511, 9824, 2527], "JP"),
    "h15_home_KR": ([9848, 17839, 38091], "KR"),
    # Mobile carriers. US: AT&T (20057), Verizon (6167); JP: Rakuten Mobile; KR: LG U+
    # (LG POWERCOMM); BR: TIM, Vivo (Telefonica Brasil); CN: China Mobile; AU: Optus,
    # Vodafone Australia.
    "h15_mobile_US": ([20057, 6167], "US"),
    "h15_mobile_JP": ([138384], "JP"),
    "h15_mobile_KR": ([17858], "KR"),
    "h15_mobile_BR": ([26615, 26599], "BR"),
    "h15_mobile_CN": ([9808], "CN"),
    "h15_mobile_AU": ([4804, 133612], "AU"),
    # Carrier-grade NAT at home: XL Axiata, Indosat, Telkomsel (ID); Globe, Smart (PH).
    "h15_cgnat_ID": ([24203, 4761, 23693], "ID"),
    "h15_cgnat_PH": ([132199, 10139], "PH"),
    # Carrier ranges the country database places abroad: Telkomsel, Indosat, XL (ID);
    # KDDI (JP); Vodafone Idea (IN); Free Mobile (FR, placed in the overseas
    # departments); Telstra (AU); PLDT (PH).
    "h15_abroad_ID": ([23693, 4761, 24203], "!ID"),
    "h15_abroad_JP": ([2516], "!JP"),
    "h15_abroad_IN": ([38266], "!IN"),
    "h15_abroad_FR": ([51207], "!FR"),
    "h15_abroad_AU": ([1221], "!AU"),
    "h15_abroad_PH": ([9299], "!PH"),
    # Secure web gateways whole companies browse through: Zscaler (22616), Netskope, Palo
    # Alto Networks (Prisma Access), Forcepoint.
    "h15_corp_swg": ([22616, 55256, 2763, 44444], None),
    # In-flight Wi-Fi: Panasonic Avionics, Anuvu, Inmarsat, Intelsat.
    "h15_inflight": ([64294, 400110, 31515, 22351], None),
    # US hotel networks: Hospitality Network, Hospitality Integrated Services.
    "h15_hotel_US": ([62957, 33307], "US"),
    # Travel eSIM data (Transatel / Ubigi), egress in whichever hub country.
    "h15_esim": ([198335, 138199], None),
    # Campus networks: Michigan, UT Austin, Purdue, Jisc (GB), LRZ (Munich), SINET (JP),
    # KAIST, AARNet (AU).
    "h15_campus": ([36375, 18, 17, 786, 12816, 2907, 1781, 7575], None),
    # Consumer VPN exits: PacketHub, HostRoyale, Datacamp, M247, 31173 Services (Mullvad),
    # Proton.
    "h15_vpn": ([136787, 207990, 212238, 9009, 39351, 208172], None),
    # Overseas relay nodes mainland buyers reach foreign shops through: Alibaba Cloud and
    # Tencent Cloud abroad, China Mobile International, xTom, GSL Networks.
    "h15_relay_cn": ([45102, 132203, 58453, 4785, 137409], "!CN"),
    # Hosting scripts run on: Contabo Inc., Hostinger, IONOS, LeaseWeb NL, FranTech,
    # Performive, WorldStream, IPXO.
    "h15_dc": ([40021, 47583, 8560, 60781, 53667, 46562, 8315, 834], None),
    # Clouds browsers run in: AWS (14618), Azure, Google, Oracle, Scaleway.
    "h15_cloud": ([14618, 8075, 15169, 31898, 12876], None),
    # Home / mobile lines crews work from: Maroc Telecom, Safaricom, Telecom Algeria,
    # Airtel Nigeria, Grameenphone, Globacom.
    "h15_origin": ([36903, 33771, 36947, 36873, 24389, 37148], None),
}

# The sixteenth holdout set's extra pools (holdout16.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb: US, Indian, Indonesian, Philippine, Japanese and Korean mobile
# carriers (carrier-grade NAT; the US ones also carry 4G proxies), carrier ranges the
# country database places abroad, smaller US cable / DSL ISPs (honest buyers, and where
# residential proxies exit), East Asian and euro-area home ISPs, research networks of
# Japanese and Korean campuses, companies' secure-web-gateway egress, travellers' hotel
# networks, in-flight and satellite links, the clouds browsing agents run in, the overseas
# relay nodes mainland buyers reach foreign shops through, consumer VPN exits, VPS hosts,
# and the home lines a crew works from.
POOLS_HOLDOUT16 = {
    # US mobile: Verizon (Business/Wireless ranges), AT&T Mobility.
    "h16_mobile_US": ([22394, 6167, 20057], "US"),
    # Bharti Airtel (IN), XL Axiata (ID), DITO (PH), Rakuten Mobile (JP), LG U+ (KR).
    "h16_mobile_IN": ([45609], "IN"),
    "h16_mobile_ID": ([24203], "ID"),
    "h16_mobile_PH": ([139831], "PH"),
    "h16_mobile_JP": ([138384], "JP"),
    "h16_mobile_KR": ([17853], "KR"),
    # Carrier ranges the country database places abroad: KDDI (JP), Jio (IN), KT (KR).
    "h16_abroad_JP": ([2516], "!JP"),
    "h16_abroad_IN": ([55836], "!IN"),
    "h16_abroad_KR": ([4766], "!KR"),
    # US cable / DSL: Frontier, Windstream, Optimum, Mediacom, Cable One, WOW.
    "h16_home_US": ([5650, 7029, 6128, 30036, 11492, 12083], "US"),
    # Japan So-net, BIGLOBE; Korea Dreamline; China Telecom, Unicom Shanghai; Taiwan
    # HiNet; Hong Kong HKBN, PCCW; Singapore StarHub; Germany 1&1 Versatel, O2.
    "h16_home_JP": ([2527, 2518], "JP"),
    "h16_home_KR": ([9457], "KR"),
    "h16_home_CN": ([4812, 17621], "CN"),
    "h16_home_TW": ([3462], "TW"),
    "h16_home_HK": ([9269, 4760], "HK"),
    "h16_home_SG": ([4657], "SG"),
    "h16_home_DE": ([8881, 6805], "DE"),
    # Euro area: Proximus (BE), A1 (AT), Elisa (FI), Eir (IE), MEO (PT).
    "h16_home_BE": ([5432], "BE"),
    "h16_home_AT": ([8447], "AT"),
    "h16_home_FI": ([719], "FI"),
    "h16_home_IE": ([5466], "IE"),
    "h16_home_PT": ([3243], "PT"),
    # Campus research networks: SINET (JP), KISTI / KREONET (KR), UCSF (US).
    "h16_campus_JP": ([2907], "JP"),
    "h16_campus_KR": ([1237], "KR"),
    "h16_campus_US": ([5653], "US"),
    # Secure-web-gateway egress: Cisco Umbrella (OpenDNS), Netskope, Palo Alto Prisma.
    "h16_corp_swg": ([36692, 55256, 2763], None),
    # Travellers' destination networks: True (TH), OTE (GR).
    "h16_hotel_TH": ([7470], "TH"),
    "h16_hotel_GR": ([6799], "GR"),
    # In-flight / satellite: ViaSat, Starlink.
    "h16_inflight": ([7155], None),
    "h16_starlink": ([14593], None),
    # Clouds hosted browsing agents run in: Microsoft Azure, Oracle Cloud.
    "h16_agent_cloud": ([8075, 31898], None),
    # Overseas relay nodes ("airports"): DMIT, IT7, China Mobile International.
    "h16_airport": ([906, 25820, 58453], "!CN"),
    # Consumer VPN exits: Mullvad (31173 Services), Proton.
    "h16_vpn": ([39351, 209103], None),
    # VPS hosts: Leaseweb, Hostinger, M247.
    "h16_vps": ([60781, 47583, 9009], None),
    # A crew's home lines: FPT, VNPT (VN).
    "h16_crew_VN": ([18403, 45899], "VN"),
}

# The seventeenth holdout set's extra pools (holdout17.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb: home broadband and
# mobile carriers of the set's buyers, carrier ranges the country database places abroad,
# campus and corporate-gateway egress, travellers' networks, clouds hosted shopping agents
# run in, and what fraud rents or works from (residential and mobile proxies on consumer
# ISPs, VPN exits, VPS hosts, a crew's home lines).
POOLS_HOLDOUT17 = {
    # Home broadband: Comcast, Charter, Verizon Fios, CenturyLink, Google Fiber (US); BT,
    # Virgin Media, Sky, TalkTalk (GB); Telekom, Vodafone, Telefonica (DE); Orange, Free
    # (FR); Telefonica (ES); TIM (IT); KPN (NL); Proximus (BE); A1 (AT); Eir (IE);
    # NTT, So-net, SoftBank (JP); KT, SK Broadband (KR); Chinanet, Unicom (CN); Bell,
    # Rogers (CA); Telstra, TPG (AU).
    "h17_home_US": ([7922, 20115, 701, 209, 16591], "US"),
    "h17_home_GB": ([2856, 5089, 5607, 13285], "GB"),
    "h17_home_DE": ([3320, 3209, 6805], "DE"),
    "h17_home_FR": ([3215, 12322], "FR"),
    "h17_home_ES": ([3352], "ES"),
    "h17_home_IT": ([3269], "IT"),
    "h17_home_NL": ([1136], "NL"),
    "h17_home_BE": ([5432], "BE"),
    "h17_home_AT": ([8447], "AT"),
    "h17_home_IE": ([5466], "IE"),
    "h17_home_JP": ([4713, 2527, 17676], "JP"),
    "h17_home_KR": ([4766, 9318], "KR"),
    "h17_home_CN": ([4134, 4837], "CN"),
    "h17_home_CA": ([577, 812], "CA"),
    "h17_home_AU": ([1221, 7545], "AU"),
    # Mobile carriers (carrier-grade NAT): T-Mobile, Verizon, AT&T (US); docomo, KDDI
    # (JP); SK Telecom, LG U+ (KR); Jio, Airtel (IN); Globe (PH); Vivo (BR).
    "h17_mobile_US": ([21928, 6167, 20057], "US"),
    "h17_mobile_JP": ([9605, 2516], "JP"),
    "h17_mobile_KR": ([9644, 17858], "KR"),
    "h17_mobile_IN": ([55836, 45609], "IN"),
    "h17_mobile_PH": ([4775], "PH"),
    "h17_mobile_BR": ([26599], "BR"),
    # Carrier ranges the country database places abroad: Vodafone (DE), KDDI (JP), Jio (IN).
    "h17_abroad_DE": ([3209], "!DE"),
    "h17_abroad_JP": ([2516], "!JP"),
    "h17_abroad_IN": ([55836], "!IN"),
    # Campus networks: MIT, Jisc, DFN.
    "h17_campus": ([3, 786, 680], None),
    # Corporate secure-web-gateway egress: Zscaler, Netskope, Cisco Umbrella.
    "h17_corp": ([53813, 55256, 36692], None),
    # Travellers' networks: Singtel, 3BB, Etisalat, OTE, Telefonica ES, Uninet MX.
    "h17_travel": ([9506, 45758, 5384, 6799, 3352, 8151], None),
    # Mainland buyers' overseas relays: Alibaba and Tencent cloud outside China.
    "h17_relay_CN": ([45102, 132203], "!CN"),
    # Clouds hosted shopping agents run in: Azure, AWS, Google Cloud.
    "h17_agent_cloud": ([8075, 16509, 396982], None),
    # Residential proxy exits on consumer ISPs (the same networks honest buyers use).
    "h17_resi_US": ([7922, 20115, 701, 209, 10796, 33363, 6079], "US"),
    "h17_resi_GB": ([2856, 5089, 5607, 13285], "GB"),
    "h17_resi_DE": ([3320, 3209, 6805], "DE"),
    "h17_resi_JP": ([4713, 2527, 17676], "JP"),
    "h17_resi_CA": ([577, 812], "CA"),
    # Mobile proxies (4G modems on US carriers).
    "h17_mproxy_US": ([21928, 6167, 20057], "US"),
    # VPN exits: M247, 31173 Services (Mullvad), Proton, Datacamp.
    "h17_vpn": ([9009, 39351, 209103, 212238], None),
    # VPS / hosting: AWS, DigitalOcean, Hetzner, OVH, Contabo, Akamai (Linode).
    "h17_dc": ([16509, 14061, 24940, 16276, 51167, 63949], None),
    # A crew's home lines: Viettel (VN), Rostelecom (RU), Airtel (NG), PTCL (PK).
    "h17_origin": ([7552, 12389, 36873, 17557], None),
    # Residential exits in Korea: KT, SK Broadband, LG DACOM.
    "h17_resi_KR": ([4766, 9318, 3786], "KR"),
}

# The eighteenth holdout set's extra pools (holdout18.py). Public AS numbers of the named
# networks, checked against the organisation names in geoip/asn.mmdb.
POOLS_HOLDOUT18 = {
    # Home broadband: Comcast, Charter, Cox, Frontier, AT&T (US); BT, Virgin Media (GB);
    # Telekom (DE); Orange, Free, SFR (FR); Telefonica (ES); TIM (IT); Orange Polska,
    # Netia (PL); KPN (NL); NTT, SoftBank, IIJ (JP); KT, SK Broadband (KR); Chinanet,
    # Unicom (CN); PLDT (PH); Claro (BR); Airtel (IN).
    "h18_home_US": ([7922, 20115, 11427, 22773, 5650, 7018], "US"),
    "h18_home_GB": ([2856, 5089], "GB"),
    "h18_home_DE": ([3320], "DE"),
    "h18_home_FR": ([3215, 12322, 15557], "FR"),
    "h18_home_ES": ([3352], "ES"),
    "h18_home_IT": ([3269], "IT"),
    "h18_home_PL": ([5617, 12741], "PL"),
    "h18_home_NL": ([1136], "NL"),
    "h18_home_JP": ([4713, 17676, 2497], "JP"),
    "h18_home_KR": ([4766, 9318], "KR"),
    "h18_home_CN": ([4134, 4837], "CN"),
    "h18_home_PH": ([9299], "PH"),
    "h18_home_BR": ([28573], "BR"),
    "h18_home_IN": ([9498], "IN"),
    # Mobile carriers (carrier-grade NAT): T-Mobile, Verizon, AT&T (US); docomo, KDDI (JP);
    # SK Telecom, LG U+ (KR); Globe, Smart (PH); Telkomsel, XL, Indosat (ID); Vodafone,
    # Telefonica (DE); Vodafone, Wind Tre (IT); Airtel (IN); China Mobile (CN).
    "h18_mobile_US": ([21928, 6167, 20057], "US"),
    "h18_mobile_JP": ([9605, 2516], "JP"),
    "h18_mobile_KR": ([9644, 17858], "KR"),
    "h18_mobile_PH": ([4775, 10139], "PH"),
    "h18_mobile_ID": ([23693, 24203, 45727], "ID"),
    "h18_mobile_DE": ([3209, 6805], "DE"),
    "h18_mobile_IT": ([30722, 1267], "IT"),
    "h18_mobile_IN": ([45609], "IN"),
    "h18_mobile_CN": ([9808], "CN"),
    # Carrier ranges the country database places abroad.
    "h18_abroad_DE": ([3209, 6805], "!DE"),
    "h18_abroad_ID": ([23693, 24203, 45727], "!ID"),
    "h18_abroad_PH": ([4775, 10139], "!PH"),
    "h18_abroad_IN": ([45609, 9498], "!IN"),
    # Corporate secure-web-gateway egress: Zscaler, Palo Alto Prisma.
    "h18_corp": ([53813, 62044, 54538], None),
    # Campus networks: UCLA, U Michigan, SINET (JP), KISTI/KREONET (KR).
    "h18_campus": ([52, 36375, 2907, 1237], None),
    # Travellers' networks: Singtel, Etisalat, AIS, OTE, Uninet MX, Swisscom.
    "h18_travel": ([7473, 5384, 45430, 6799, 8151, 3303], None),
    # iCloud Private Relay / WARP egress in the buyers' own regions.
    "h18_relay_US": ([36183, 13335], "US"),
    "h18_relay_EU": ([36183, 13335], "DE"),
    # Residential proxy exits on consumer ISPs (the networks honest buyers use).
    "h18_resi_US": ([10796, 33363, 7029, 5650, 22773, 7922, 20115], "US"),
    "h18_resi_GB": ([2856, 5089, 25135], "GB"),
    "h18_resi_DE": ([3320, 6805], "DE"),
    "h18_resi_FR": ([3215, 15557], "FR"),
    "h18_resi_JP": ([4713, 17676, 2497], "JP"),
    "h18_resi_KR": ([4766, 9318], "KR"),
    # Mobile proxies (4G modems on US carriers).
    "h18_mproxy_US": ([21928, 6167, 20057], "US"),
    # Hosting: Hetzner, OVH, DigitalOcean, Vultr, Linode, Leaseweb, Alibaba, Tencent.
    "h18_dc": ([24940, 16276, 14061, 20473, 63949, 60781, 45102, 132203], None),
    # VPN exits: M247, Datacamp.
    "h18_vpn": ([9009, 212238], None),
    # Crews' own home lines: MTN (NG), Viettel (VN), PTCL (PK), Rostelecom (RU), Airtel
    # (NG), Digi (RO).
    "h18_origin": ([29465, 7552, 17557, 12389, 36873, 8708], None),
}

# The nineteenth holdout set's extra pools (holdout19.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb. A third element, where given, is the pool's size (default PER_POOL):
# home lines get more addresses so that unrelated households rarely share one, and
# rotating residential-proxy pools are large.
POOLS_HOLDOUT19 = {
    # Home broadband. US: Comcast, Charter (two AS), Cox, Verizon Business, AT&T,
    # CenturyLink, Frontier, Optimum; GB: BT, Virgin Media, Sky, TalkTalk; DE: Telekom,
    # Vodafone, Telefonica; FR: Orange, Free, Bouygues; ES: Telefonica, Orange, Vodafone;
    # IT: TIM, Wind Tre, Vodafone; NL: KPN, Vodafone Libertel; AT: A1; BE: Proximus;
    # PT: NOS, Vodafone; CA: Bell, Rogers, Shaw; AU: Telstra, Optus, TPG, iiNet;
    # JP: OCN, NTT-ME, Chubu Telecom (Commufa), TOKAI, ARTERIA, SoftBank; KR: KT,
    # SK Broadband, LG DACOM; CN: Chinanet, Unicom, China Telecom; IN: Airtel (two AS);
    # BR: Telefonica Brasil (two AS), Claro; HK: HKBN, PCCW; Gulf: Etisalat, du, STC.
    "h19_home_US": ([7922, 20115, 10796, 11427, 22773, 701, 7018, 209, 5650, 6128], "US", 160),
    "h19_home_GB": ([2856, 5089, 5607, 13285], "GB", 90),
    "h19_home_DE": ([3320, 3209, 6805], "DE", 80),
    "h19_home_FR": ([3215, 12322, 5410], "FR", 60),
    "h19_home_ES": ([3352, 12479, 12430], "ES", 50),
    "h19_home_IT": ([3269, 1267, 30722], "IT", 50),
    "h19_home_NL": ([1136, 33915], "NL", 50),
    "h19_home_AT": ([8447], "AT"),
    "h19_home_BE": ([5432], "BE"),
    "h19_home_PT": ([2860, 12353], "PT"),
    "h19_home_CA": ([577, 812, 6327], "CA", 70),
    "h19_home_AU": ([1221, 4804, 7545, 4739], "AU", 70),
    "h19_home_JP": ([4713, 9595, 18126, 10010, 17506, 17676], "JP", 80),
    "h19_home_KR": ([4766, 9318, 3786], "KR", 70),
    "h19_home_CN": ([4134, 4837, 4812], "CN", 50),
    "h19_home_IN": ([24560, 9498], "IN"),
    "h19_home_BR": ([18881, 27699, 28573], "BR"),
    "h19_home_HK": ([9269, 4760], "HK"),
    "h19_home_gulf": ([5384, 15802, 25019], None),
    # Mobile carriers (carrier-grade NAT). US: T-Mobile, Verizon, AT&T; GB: EE, O2,
    # Vodafone, Three; JP: docomo, KDDI, SoftBank; KR: SK Telecom, LG U+; CN: China
    # Mobile; IN: Jio, Airtel, Vodafone Idea; BR: Vivo, TIM; PH: Globe (two AS), Smart;
    # ID: Telkomsel, XL Axiata, Indosat; VN: Viettel, MobiFone.
    "h19_mobile_US": ([21928, 6167, 20057], "US", 60),
    "h19_mobile_GB": ([12576, 35228, 25135, 206067], "GB"),
    "h19_mobile_JP": ([9605, 2516, 17676], "JP", 60),
    "h19_mobile_KR": ([9644, 17858], "KR"),
    "h19_mobile_CN": ([9808], "CN"),
    "h19_mobile_IN": ([55836, 45609, 38266], "IN"),
    "h19_mobile_BR": ([26599, 26615], "BR"),
    "h19_mobile_PH": ([132199, 10139, 4775], "PH"),
    "h19_mobile_ID": ([23693, 24203, 4761], "ID"),
    "h19_mobile_VN": ([7552, 131429], "VN"),
    # Ranges the country database places outside their operator's country: China Mobile
    # (HK / PK), Globe and PLDT (US), TELUS (MU / US), Sky and Virgin Media (IE / JP),
    # Cox and RCN (SC / IL / DE / IE).
    "h19_abroad_CN": ([9808], "!CN"),
    "h19_abroad_PH": ([4775, 9299], "!PH"),
    "h19_abroad_CA": ([852], "!CA"),
    "h19_abroad_GB": ([5607, 5089], "!GB"),
    "h19_abroad_US": ([22773, 6079], "!US"),
    # Campus networks where many international students live: Monash, Deakin (AU); UBC,
    # Waterloo, McGill (CA); Queen Mary, Warwick (GB); NYU, Columbia, Illinois, USC (two
    # AS), Boston University, Northeastern (US).
    "h19_campus": ([56132, 7645, 393249, 12093, 15318, 198864, 201773, 12, 14, 38, 4, 47,
                    111, 156], None, 80),
    # Office egress: business carriers (GTT, Zayo, Arelion, euNetworks) and Zscaler.
    "h19_corp": ([3257, 6461, 1299, 13237, 22616, 53813], None),
    # Hotel, cafe and holiday-rental lines where travellers stay: True, 3BB (TH), Totalplay
    # (MX), Vodafone (PT), Superonline (TR), StarHub (SG), HKBN (HK), Taiwan Fixed
    # Network, Chunghwa (TW).
    "h19_hotel": ([7470, 45758, 22884, 12353, 34984, 4657, 9269, 9924, 3462], None, 60),
    # iCloud Private Relay egress (Akamai, Fastly, Cloudflare), in the buyers' countries.
    "h19_relay_US": ([36183, 54113, 13335], "US"),
    "h19_relay_DE": ([36183, 13335], "DE"),
    "h19_relay_GB": ([36183, 13335], "GB"),
    # Privacy VPN exits: Mullvad (31173 Services), Proton.
    "h19_vpn_privacy": ([39351, 209103], None),
    # Rotating residential-proxy exits on consumer lines (other subscribers' connections).
    "h19_resi_US": ([7922, 20115, 10796, 11427, 33363, 20001, 22773, 7018, 209, 5650,
                     6128, 701], "US", 240),
    "h19_resi_GB": ([2856, 5089, 5607, 13285], "GB", 100),
    "h19_resi_DE": ([3320, 3209, 6805], "DE", 80),
    "h19_resi_FR": ([3215, 12322, 5410], "FR", 60),
    "h19_resi_CA": ([577, 812, 6327], "CA", 80),
    "h19_resi_AU": ([1221, 4804, 7545], "AU", 60),
    # Mobile proxies: 4G modems / phones on US and UK carriers.
    "h19_mproxy_US": ([21928, 20057, 6167], "US", 60),
    "h19_mproxy_GB": ([12576, 206067, 35228], "GB"),
    # "ISP" / static-residential proxy ranges and cheap US hosting: Sharktech, Multacom,
    # Latitude.sh, Web2Objects, Interserver, tzulo, Nexeon.
    "h19_isp_proxy": ([46844, 35916, 396356, 62874, 19318, 11878, 20278], None, 60),
    # Clouds hosted browsers run in: AWS (two AS), Google (two AS), Azure.
    "h19_cloud": ([16509, 14618, 396982, 15169, 8075], None),
    # Hosting: Hetzner, OVH, DigitalOcean, Vultr, Contabo (two AS), Clouvider, Servers.com.
    "h19_dc": ([24940, 16276, 14061, 20473, 51167, 40021, 62240, 7979], None),
    # VPN exits: M247, Datacamp, GTHost.
    "h19_vpn": ([9009, 212238, 63023], None),
    # Crews' own lines (a proxy dropping shows them): MTN Ghana (Scancom), Globacom (NG),
    # CANTV (VE), Maroc Telecom, Algerie Telecom, Viettel (VN), MTS (RU).
    "h19_origin": ([30986, 37148, 8048, 6713, 36947, 7552, 8359], None),
}

# The twentieth holdout set's extra pools (holdout20.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb. A pool spec may carry its size (default PER_POOL); the carrier-grade
# NAT pools are small on purpose (many subscribers behind a few addresses).
POOLS_HOLDOUT20 = {
    # Home broadband: Comcast, Charter (three AS), AT&T, Cox, Frontier, CenturyLink,
    # Optimum (US); BT, Virgin Media, Sky, TalkTalk (GB); Deutsche Telekom, Vodafone,
    # Telefonica, 1&1 Versatel (DE); Orange, Free, SFR, Bouygues (FR); Telefonica, Orange
    # (ES); TIM, Fastweb (IT); KPN, Ziggo (NL); Orange Polska (PL); NTT OCN, KDDI, SoftBank,
    # BIGLOBE, IIJ (JP); KT, SK Broadband, LG U+ (KR); Chinanet, China Unicom (CN); Bell,
    # TELUS, Shaw (CA); Telstra, TPG (AU); Airtel, BSNL (IN); Claro (BR); Telmex (MX).
    "h20_home_US": ([7922, 20115, 10796, 11427, 7018, 22773, 5650, 209, 6128], "US", 80),
    "h20_home_GB": ([2856, 5089, 5607, 13285], "GB"),
    "h20_home_DE": ([3320, 3209, 6805, 8881], "DE"),
    "h20_home_FR": ([3215, 12322, 15557, 5410], "FR"),
    "h20_home_ES": ([3352, 12479], "ES"),
    "h20_home_IT": ([3269, 12874], "IT"),
    "h20_home_NL": ([1136, 33915], "NL"),
    "h20_home_PL": ([5617], "PL"),
    "h20_home_JP": ([4713, 2516, 17676, 2518, 2497], "JP"),
    "h20_home_KR": ([4766, 9318, 17858], "KR"),
    "h20_home_CN": ([4134, 4837], "CN"),
    "h20_home_CA": ([577, 852, 6327], "CA"),
    "h20_home_AU": ([1221, 7545], "AU"),
    "h20_home_IN": ([24560, 9829], "IN"),
    "h20_home_BR": ([28573], "BR"),
    "h20_home_MX": ([8151], "MX"),
    # Mobile carriers behind carrier-grade NAT (few addresses, many subscribers): Jio,
    # Airtel (IN); Telkomsel, Indosat (ID); Globe, Smart (PH); Vivo (BR); T-Mobile (US);
    # NTT docomo, Rakuten Mobile (JP); SK Telecom (KR); T-Mobile Polska, Play (PL).
    "h20_cgnat_IN": ([55836, 45609], "IN", 8),
    "h20_cgnat_ID": ([23693, 4761], "ID", 6),
    "h20_cgnat_PH": ([4775, 10139], "PH", 6),
    "h20_cgnat_BR": ([26599], "BR", 8),
    "h20_cgnat_US": ([21928, 6614], "US", 10),
    "h20_cgnat_JP": ([9605, 138384], "JP", 8),
    "h20_cgnat_KR": ([9644], "KR", 8),
    "h20_cgnat_PL": ([12912, 31242], "PL", 6),
    # The same carriers' ranges the country database places abroad (Jio, Telkomsel, Globe).
    "h20_abroad_IN": ([55836], "!IN"),
    "h20_abroad_ID": ([23693], "!ID"),
    "h20_abroad_PH": ([4775], "!PH"),
    # Travel-eSIM breakouts: Hutchison HK, HKT, Wireless Logic (GB), iBasis (two AS).
    "h20_esim": ([17794, 9444, 51320, 14616, 11889], None),
    # Hotel and venue Wi-Fi: Hospitality Network, Guest-Tek, Six Continents Hotels, Choice
    # Hotels, Hospitality Integrated Services (US, GB); StarHub and Singtel (SG), Chunghwa
    # (TW) lines of hotels and rentals in Asia.
    "h20_hotel": ([62957, 39852, 26485, 7448, 33307], None, 30),
    "h20_hotel_asia": ([4657, 9506, 3462], None, 30),
    # Office egress: Zscaler, Netskope, Lumen.
    "h20_corp": ([53813, 55256, 3356], None),
    # Campus networks: Jisc (GB), DFN (DE).
    "h20_campus": ([786, 680], None, 12),
    # iCloud Private Relay / WARP egress (Akamai, Cloudflare) and privacy VPNs (Mullvad's
    # 31173 Services, Proton's two AS).
    "h20_relay": ([36183, 13335], None),
    "h20_vpn_privacy": ([39351, 62371, 209103], None),
    # Alibaba and Tencent cloud outside the mainland (cross-border "airport" proxies).
    "h20_cloud_asia": ([45102, 132203], "!CN"),
    # Rotating residential-proxy exits on consumer lines.
    "h20_resi_US": ([7922, 20115, 10796, 11427, 7018, 22773, 5650, 209, 701, 6079], "US", 240),
    "h20_resi_GB": ([2856, 5089, 5607, 13285], "GB", 100),
    "h20_resi_DE": ([3320, 3209, 6805, 8881], "DE", 80),
    "h20_resi_CA": ([577, 852, 6327, 812], "CA", 60),
    # Mobile proxies (4G modems on US carriers).
    "h20_mproxy_US": ([21928, 6614], "US", 30),
    # Datacenters: AWS, Google, Azure, OVH, Hetzner, DigitalOcean, Vultr, Contabo.
    "h20_dc": ([16509, 396982, 8075, 16276, 24940, 14061, 20473, 51167], None, 60),
    # Commercial VPN exits: M247, Datacamp.
    "h20_vpn": ([9009, 60068], None),
    # Crews' own lines: Viettel, VNPT (VN), MTN (NG), Turkcell (TR).
    "h20_origin": ([7552, 45899, 29465, 16135], None),
}

# The twenty-first holdout set's extra pools (holdout21.py). Public AS numbers of the named
# networks, checked against the organisation names and countries in geoip/asn.mmdb and
# geoip/country.mmdb. A pool spec may carry its size (default PER_POOL); carrier-grade NAT
# and school pools are small on purpose (many people behind a few addresses).
POOLS_HOLDOUT21 = {
    # Home broadband. US: Comcast, Charter (three AS), AT&T, Cox, Verizon, CenturyLink,
    # Frontier, Optimum; GB: BT, Virgin Media, Sky; DE: Telekom, Vodafone, Telefonica;
    # FR: Orange, Free; ES: Telefonica; IT: TIM; NL: KPN, Vodafone Libertel; PL: Orange
    # Polska, Netia, Vectra; CZ: O2, Vodafone; SE: Telia; NO: Telenor; JP: NTT OCN, KDDI,
    # SoftBank; KR: KT, SK Broadband, LG PowerComm; CN: Chinanet, Unicom; TW: Chunghwa,
    # Taiwan Fixed Network, Digital United, Hoshin; HK: PCCW, HKBN (two AS); SG: SingNet,
    # StarHub (two AS), Singtel; MY: TM, Maxis; TH: True, TOT; MX: Telmex (Uninet), Megacable,
    # Cablevision; AR: Telecom Argentina; CL: Telefonica, VTR, Entel; CO: Telefonica
    # (Movistar), Telmex Colombia; SA: STC, Mobily; AE: Etisalat, du; EG: TE Data, LINKdotNET,
    # Vodafone; AU: Telstra, Optus, TPG; NZ: Spark, One NZ; CA: Bell, TELUS, Shaw; BR:
    # Telefonica Brasil, Claro; IN: Airtel (two AS); TR: Turk Telekom; PK: PTCL (two AS);
    # PH: PLDT; ID: Telkom Indonesia, Biznet.
    "h21_home_US": ([7922, 20115, 10796, 11427, 7018, 22773, 701, 209, 5650, 6128], "US", 120),
    "h21_home_GB": ([2856, 5089, 5607], "GB"),
    "h21_home_DE": ([3320, 3209, 6805], "DE"),
    "h21_home_FR": ([3215, 12322], "FR"),
    "h21_home_ES": ([3352], "ES"),
    "h21_home_IT": ([3269], "IT"),
    "h21_home_NL": ([1136, 33915], "NL"),
    "h21_home_PL": ([5617, 12741, 29314], "PL"),
    "h21_home_CZ": ([5610, 16019], "CZ"),
    "h21_home_SE": ([3301], "SE"),
    "h21_home_NO": ([2119], "NO"),
    "h21_home_JP": ([4713, 2516, 17676], "JP"),
    "h21_home_KR": ([4766, 9318, 17858], "KR"),
    "h21_home_CN": ([4134, 4837], "CN"),
    "h21_home_TW": ([3462, 9924, 4780, 9416], "TW"),
    "h21_home_HK": ([4760, 9269, 10103], "HK"),
    "h21_home_SG": ([3758, 4657, 55430, 9506], "SG"),
    "h21_home_MY": ([4788, 9534], "MY"),
    "h21_home_TH": ([7470, 23969], "TH"),
    "h21_home_MX": ([8151, 13999, 28548], "MX"),
    "h21_home_AR": ([7303], "AR"),
    "h21_home_CL": ([7418, 22047, 27651], "CL"),
    "h21_home_CO": ([3816, 10620], "CO"),
    "h21_home_SA": ([25019, 35819], "SA"),
    "h21_home_AE": ([5384, 15802], "AE"),
    "h21_home_EG": ([8452, 24863, 36935], "EG"),
    "h21_home_AU": ([1221, 4804, 7545], "AU"),
    "h21_home_NZ": ([4771, 9500], "NZ"),
    "h21_home_CA": ([577, 852, 6327], "CA"),
    "h21_home_BR": ([18881, 28573], "BR"),
    "h21_home_IN": ([24560, 9498], "IN"),
    "h21_home_TR": ([9121], "TR"),
    "h21_home_PK": ([17557, 45595], "PK"),
    "h21_home_PH": ([9299], "PH"),
    "h21_home_ID": ([7713, 17451], "ID"),
    # Mobile carriers behind carrier-grade NAT: T-Mobile, Verizon, AT&T (US); docomo,
    # Rakuten Mobile (JP); SK Telecom (KR); China Mobile; Taiwan Mobile, Far EasTone's
    # Mobile Business Group (TW); Celcom, U Mobile, YTL, Digi (MY); AWN (TH); T-Mobile
    # Polska; STC, Mobily (SA); Globe, Smart (PH); Indosat, Telkomsel (ID); Airtel,
    # Vodafone Idea (IN); Vivo, TIM (BR); Turkcell (TR).
    "h21_cgnat_US": ([21928, 6167, 20057], "US", 12),
    "h21_cgnat_JP": ([9605, 138384], "JP", 8),
    "h21_cgnat_KR": ([9644], "KR", 8),
    "h21_cgnat_CN": ([9808], "CN", 8),
    "h21_cgnat_TW": ([24158, 17421], "TW", 8),
    "h21_cgnat_MY": ([10030, 38466, 45960, 4818], "MY", 8),
    "h21_cgnat_TH": ([131445], "TH", 6),
    "h21_cgnat_PL": ([12912], "PL", 6),
    "h21_cgnat_SA": ([25019, 35819], "SA", 8),
    "h21_cgnat_PH": ([132199, 10139], "PH", 8),
    "h21_cgnat_ID": ([4761, 23693], "ID", 8),
    "h21_cgnat_IN": ([45609, 38266], "IN", 8),
    "h21_cgnat_BR": ([26599, 26615], "BR", 8),
    "h21_cgnat_TR": ([16135], "TR", 6),
    # The same kind of carriers' ranges the country database places abroad: Jio (IN),
    # Telkomsel (ID), TM and Digi (MY), 3BB (TH), STC and Mobily (SA), BT and Virgin (GB).
    "h21_abroad_IN": ([55836], "!IN"),
    "h21_abroad_ID": ([23693], "!ID"),
    "h21_abroad_MY": ([4788, 4818], "!MY"),
    "h21_abroad_TH": ([45758], "!TH"),
    "h21_abroad_SA": ([25019, 35819], "!SA"),
    "h21_abroad_GB": ([2856, 5089], "!GB"),
    # Travel: eSIM breakouts (Hutchison HK, HKT, Wireless Logic, iBasis two AS), hotel
    # Wi-Fi (Hospitality Network, Guest-Tek, Six Continents Hotels), Starlink.
    "h21_esim": ([17794, 9444, 51320, 14616, 11889], None),
    "h21_hotel": ([62957, 39852, 26485], None, 24),
    "h21_starlink": ([14593], None),
    # Office egress: Zscaler (two AS), Netskope; business fibre: Zayo, Lumen, Cogent.
    "h21_corp": ([53813, 22616, 55256], None),
    "h21_corp_fibre": ([6461, 3356, 174], None),
    # Schools and campuses: CENIC (California K-12 and colleges), Internet2; AARNet (AU);
    # Jisc (GB).
    "h21_k12_US": ([2152, 11537], "US", 14),
    "h21_campus_AU": ([7575], "AU", 10),
    "h21_campus_GB": ([786], "GB", 10),
    # iCloud Private Relay / WARP egress (Akamai, Fastly, Cloudflare) and privacy VPNs
    # (Mullvad's 31173 Services, Proton's two AS).
    "h21_relay": ([36183, 54113, 13335], None),
    "h21_vpn_privacy": ([39351, 62371, 209103], None),
    # Clouds hosted agent browsers run in: Azure, AWS, Google.
    "h21_agent_cloud": ([8075, 16509, 396982], None),
    # Rotating residential-proxy exits on consumer lines.
    "h21_resi_US": ([7922, 20115, 10796, 11427, 7018, 22773, 701, 209, 5650, 6128], "US", 260),
    "h21_resi_EU": ([3320, 3209, 3215, 12322, 3352, 3269, 1136, 2856, 5089], None, 150),
    "h21_resi_APAC": ([4766, 9318, 4713, 2516, 3462, 9924, 4760, 9269, 1221, 7545], None, 120),
    # Mobile proxies (4G modems / phones on carriers).
    "h21_mproxy": ([21928, 6167, 12912, 9644, 9605], None, 40),
    # "ISP" / static-residential proxy ranges: Sharktech, Multacom, Latitude.sh,
    # Web2Objects, Interserver, tzulo.
    "h21_isp_proxy": ([46844, 35916, 396356, 62874, 19318, 11878], None, 60),
    # Datacenters: AWS, DigitalOcean, Hetzner, OVH, Vultr, Linode, Google, Azure, Oracle,
    # Hostinger.
    "h21_dc": ([16509, 14061, 24940, 16276, 20473, 63949, 396982, 8075, 31898, 47583],
               None, 80),
    # Cloud phones: Alibaba, Tencent, Huawei Cloud on the mainland; Alibaba US/SG,
    # Tencent and Huawei International abroad.
    "h21_cloud_CN": ([37963, 45090, 55990], "CN", 30),
    "h21_cloud_intl": ([45102, 132203, 136907], "!CN", 30),
    # Commercial VPN exits: M247, Datacamp (two AS), Aeza, FlokiNET.
    "h21_vpn": ([9009, 60068, 212238, 210644, 200651], None),
    # Crews' own lines: MTN Nigeria, Scancom (GH), Kyivstar (UA), Grameenphone (BD),
    # Rostelecom and MTS (RU), Viettel (VN).
    "h21_origin": ([29465, 30986, 15895, 24389, 12389, 8359, 7552], None),
}

SETS = {
    "main": (POOLS, 20261205, "ip_table.json"),
    "holdout2": (POOLS_HOLDOUT2, 20261206, "ip_table_holdout2.json"),
    "holdout3": (POOLS_HOLDOUT3, 20261207, "ip_table_holdout3.json"),
    "holdout4": (POOLS_HOLDOUT4, 20261208, "ip_table_holdout4.json"),
    "holdout5": (POOLS_HOLDOUT5, 20261209, "ip_table_holdout5.json"),
    "holdout6": (POOLS_HOLDOUT6, 20261210, "ip_table_holdout6.json"),
    "holdout7": (POOLS_HOLDOUT7, 20261211, "ip_table_holdout7.json"),
    "holdout8": (POOLS_HOLDOUT8, 20261288, "ip_table_holdout8.json"),
    "holdout9": (POOLS_HOLDOUT9, 20261299, "ip_table_holdout9.json"),
    "holdout10": (POOLS_HOLDOUT10, 20261310, "ip_table_holdout10.json"),
    "holdout11": (POOLS_HOLDOUT11, 20261311, "ip_table_holdout11.json"),
    "holdout12": (POOLS_HOLDOUT12, 20261312, "ip_table_holdout12.json"),
    "holdout13": (POOLS_HOLDOUT13, 20261313, "ip_table_holdout13.json"),
    "holdout14": (POOLS_HOLDOUT14, 20261314, "ip_table_holdout14.json"),
    "holdout15": (POOLS_HOLDOUT15, 20261315, "ip_table_holdout15.json"),
    "holdout16": (POOLS_HOLDOUT16, 20261316, "ip_table_holdout16.json"),
    "holdout17": (POOLS_HOLDOUT17, 20261317, "ip_table_holdout17.json"),
    "holdout18": (POOLS_HOLDOUT18, 20261318, "ip_table_holdout18.json"),
    "holdout19": (POOLS_HOLDOUT19, 20261319, "ip_table_holdout19.json"),
    "holdout20": (POOLS_HOLDOUT20, 20261320, "ip_table_holdout20.json"),
    "holdout21": (POOLS_HOLDOUT21, 20261321, "ip_table_holdout21.json"),
}

PER_POOL = 40


def build(pools, seed, country, asn):
    wanted = {a for spec in pools.values() for a in spec[0]}
    nets = {}  # asn -> list of networks
    for net, rec in asn:
        if net.version != 4 or not rec:
            continue
        a = rec.get("autonomous_system_number")
        if a in wanted:
            nets.setdefault(a, []).append(net)
    rng = random.Random(seed)
    table = {}
    for name, spec in pools.items():
        # (AS numbers, country) or (AS numbers, country, pool size).
        asns, cc = spec[0], spec[1]
        size = spec[2] if len(spec) > 2 else PER_POOL
        picked, tries = [], 0
        cands = [n for a in asns for n in nets.get(a, [])]
        while cands and len(picked) < size and tries < 200000:
            tries += 1
            net = rng.choice(cands)
            if net.num_addresses < 4:
                continue
            ip = net.network_address + rng.randrange(1, net.num_addresses - 1)
            got = country.get(str(ip)) or {}
            got_cc = got.get("country_code") or (got.get("country") or {}).get("iso_code")
            a = (asn.get(str(ip)) or {}).get("autonomous_system_number")
            if not got_cc or a not in asns:
                continue
            if cc and cc.startswith("!") and got_cc == cc[1:]:
                continue
            if cc and not cc.startswith("!") and got_cc != cc:
                continue
            if any(p[0] == str(ip) for p in picked):
                continue
            picked.append([str(ip), got_cc, a])
        if len(picked) < 5:
            print(f"pool {name}: only {len(picked)} addresses", file=sys.stderr)
        table[name] = picked
    return table


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="main", choices=list(SETS) + ["all"],
                    help="which table to build (default main: ip_table.json)")
    args = ap.parse_args(argv)
    country = maxminddb.open_database(os.path.join(ROOT, "geoip/country.mmdb"))
    asn = maxminddb.open_database(os.path.join(ROOT, "geoip/asn.mmdb"))
    meta = {
        "built_from": ["geoip/country.mmdb", "geoip/asn.mmdb"],
        "country_build_epoch": country.metadata().build_epoch,
        "asn_build_epoch": asn.metadata().build_epoch,
    }
    for name in (list(SETS) if args.set == "all" else [args.set]):
        pools, seed, filename = SETS[name]
        table = build(pools, seed, country, asn)
        out = os.path.join(ROOT, "models/eval", filename)
        with open(out, "w") as f:
            json.dump({"meta": meta, "pools": table}, f, indent=0, sort_keys=True)
            f.write("\n")
        print(f"{out}: {sum(len(v) for v in table.values())} addresses in {len(table)} pools")


if __name__ == "__main__":
    main()
