/* demo_data.c: the demo district's masters and texts. Blocks and gram
 * panchayats are Durg-like (LGD-style codes: block 4 digits, GP 6 digits
 * starting with the block's). */
#include "demo_data.h"

const struct demo_department demo_departments[DEMO_DEPARTMENTS] = {
	{ "REV", { "Revenue", "राजस्व" }, "Anil Verma", "Sushma Tiwari",
	  { { "Report on pending mutation cases", "लंबित नामांतरण प्रकरणों की जानकारी" },
	    { "Demarcation of government land for the new school", "नवीन स्कूल हेतु शासकीय भूमि का सीमांकन" },
	    { "Compensation for crop loss due to hailstorm", "ओलावृष्टि से फसल क्षति का मुआवजा" } },
	  { "Report sent with the tehsildar's note.", "तहसीलदार की टीप सहित प्रतिवेदन प्रेषित।" } },
	{ "PWD", { "Public Works", "लोक निर्माण" }, "Rakesh Chandrakar", "Vinod Sharma",
	  { { "Repair of the Dhamdha-Durg road before the monsoon", "वर्षा पूर्व धमधा-दुर्ग मार्ग की मरम्मत" },
	    { "Estimate for the culvert at the nala crossing", "नाला क्रॉसिंग पर पुलिया का प्राक्कलन" },
	    { "Status of the district hospital building works", "जिला अस्पताल भवन निर्माण कार्य की स्थिति" } },
	  { "Work order issued; work will finish in 30 days.", "कार्यादेश जारी, कार्य 30 दिवस में पूर्ण होगा।" } },
	{ "HEALTH", { "Health", "स्वास्थ्य" }, "Dr. Neha Sinha", "Dr. Prakash Gupta",
	  { { "Vacant posts of doctors at primary health centres", "प्राथमिक स्वास्थ्य केंद्रों में चिकित्सकों के रिक्त पद" },
	    { "Supply of medicines to sub-health centres", "उप स्वास्थ्य केंद्रों में दवाओं की आपूर्ति" },
	    { "Action plan against seasonal diseases", "मौसमी बीमारियों की रोकथाम हेतु कार्ययोजना" } },
	  { "Doctors posted and medicines sent.", "चिकित्सक पदस्थ किए गए एवं दवाएं भेजी गईं।" } },
	{ "PHED", { "Public Health Engineering", "लोक स्वास्थ्य यांत्रिकी" }, "Manoj Sahu", "Kiran Deshmukh",
	  { { "Summer action plan for drinking water", "ग्रीष्मकालीन पेयजल कार्ययोजना" },
	    { "Progress of tap connections under Jal Jeevan Mission", "जल जीवन मिशन अंतर्गत नल कनेक्शन की प्रगति" },
	    { "Repair of hand pumps in scheduled areas", "अनुसूचित क्षेत्रों में हैंडपंप सुधार" } },
	  { "Hand pumps repaired and water tested.", "हैंडपंप सुधारे गए एवं जल की जांच कराई गई।" } },
	{ "EDU", { "School Education", "स्कूल शिक्षा" }, "Sunil Banjare", "Meena Patel",
	  { { "Distribution of free textbooks and uniforms", "निःशुल्क पाठ्यपुस्तक एवं गणवेश वितरण" },
	    { "Repair of school buildings before the session", "सत्र पूर्व शाला भवनों की मरम्मत" },
	    { "Quality of the midday meal", "मध्यान्ह भोजन की गुणवत्ता" } },
	  { "Books distributed in all schools of the block.", "विकासखंड की सभी शालाओं में पुस्तकें वितरित।" } },
	{ "AGRI", { "Agriculture", "कृषि" }, "Dinesh Yadav", "Ashok Markam",
	  { { "Availability of fertiliser in cooperative societies", "सहकारी समितियों में खाद की उपलब्धता" },
	    { "Crop insurance claims of farmers", "किसानों के फसल बीमा दावे" },
	    { "Soil health cards for the kharif season", "खरीफ मौसम हेतु मृदा स्वास्थ्य कार्ड" } },
	  { "Fertiliser stock sent to the societies.", "समितियों को खाद का भंडार भेजा गया।" } },
	{ "FOOD", { "Food and Civil Supplies", "खाद्य एवं नागरिक आपूर्ति" }, "Santosh Nishad", "Geeta Tandon",
	  { { "Ration cards pending for new families", "नवीन परिवारों के लंबित राशन कार्ड" },
	    { "Paddy procurement at the centres", "उपार्जन केंद्रों में धान खरीदी" },
	    { "Complaints against fair price shops", "उचित मूल्य दुकानों के विरुद्ध शिकायतें" } },
	  { "Ration cards issued after verification.", "सत्यापन उपरांत राशन कार्ड जारी किए गए।" } },
	{ "WCD", { "Women and Child Development", "महिला एवं बाल विकास" }, "Savitri Dhruw", "Lata Chandrakar",
	  { { "Supplementary nutrition at anganwadi centres", "आंगनबाड़ी केंद्रों में पूरक पोषण आहार" },
	    { "Sanctions under Mahtari Vandan Yojana", "महतारी वंदन योजना अंतर्गत स्वीकृतियां" },
	    { "Anganwadi buildings without toilets", "शौचालय विहीन आंगनबाड़ी भवन" } },
	  { "Nutrition supply restored at all centres.", "सभी केंद्रों में पोषण आहार आपूर्ति बहाल।" } },
	{ "PANCH", { "Panchayat and Rural Development", "पंचायत एवं ग्रामीण विकास" }, "Bhupesh Thakur",
	  "Radha Verma",
	  { { "Wages pending under MGNREGA", "मनरेगा अंतर्गत लंबित मजदूरी भुगतान" },
	    { "Houses under the Pradhan Mantri Awas Yojana", "प्रधानमंत्री आवास योजना के आवास" },
	    { "Gram sabha on the village development plan", "ग्राम विकास योजना पर ग्राम सभा" } },
	  { "Wages paid into the workers' accounts.", "श्रमिकों के खातों में मजदूरी भुगतान किया गया।" } },
	{ "ELEC", { "Electricity", "विद्युत" }, "Mahesh Sahu", "Rajesh Singh",
	  { { "Burnt transformers in villages", "ग्रामों में जले ट्रांसफार्मर" },
	    { "Power cuts during the rabi irrigation", "रबी सिंचाई के समय बिजली कटौती" },
	    { "New connections for pump sets", "पंप कनेक्शन हेतु नवीन कनेक्शन" } },
	  { "Transformers replaced and supply restored.", "ट्रांसफार्मर बदले गए, आपूर्ति बहाल।" } },
};

/* department indexes: REV 0, PWD 1, HEALTH 2, PHED 3, EDU 4, AGRI 5, FOOD 6, WCD 7, PANCH 8, ELEC 9 */
const struct demo_category demo_categories[DEMO_CATEGORIES] = {
	{ "WATER", { "Drinking water", "पेयजल" }, 3, 7, { "Drinking water shortage", "पेयजल की कमी" },
	  { { "The hand pump in %s has not worked for two weeks; families fetch water from far away.",
	      "%s में हैंडपंप दो सप्ताह से खराब है, परिवार दूर से पानी ला रहे हैं।" },
	    { "The tap connection in %s gives no water since the pipe broke.",
	      "%s में पाइपलाइन टूटने से नल में पानी नहीं आ रहा है।" } },
	  { "Hand pump repaired; water supply restored.", "हैंडपंप सुधार कर जल आपूर्ति बहाल की गई।" } },
	{ "LAND", { "Land records", "भू-अभिलेख" }, 0, 30, { "Error in land records", "भू-अभिलेख में त्रुटि" },
	  { { "My name is wrongly entered in the B-1 of my land in %s.", "%s स्थित मेरी भूमि के बी-1 में नाम गलत दर्ज है।" },
	    { "The khasra map of my field in %s does not match the land.", "%s में मेरे खेत का खसरा नक्शा मौके से मेल नहीं खाता।" } },
	  { "Record corrected by the patwari.", "पटवारी द्वारा अभिलेख सुधार किया गया।" } },
	{ "MUTATION", { "Mutation", "नामांतरण" }, 0, 45, { "Mutation pending", "नामांतरण लंबित" },
	  { { "Mutation of my late father's land in %s is pending for months.", "%s में स्वर्गीय पिता की भूमि का नामांतरण महीनों से लंबित है।" },
	    { "Mutation after the sale deed in %s has not been done.", "%s में रजिस्ट्री के बाद नामांतरण नहीं हुआ है।" } },
	  { "Mutation order passed by the tehsildar.", "तहसीलदार द्वारा नामांतरण आदेश पारित।" } },
	{ "ROAD", { "Roads", "सड़क" }, 1, 15, { "Road in bad shape", "सड़क जर्जर" },
	  { { "The road from %s to the block office is full of potholes.", "%s से विकासखंड कार्यालय तक सड़क में गड्ढे हैं।" },
	    { "The culvert near %s was washed away in the rain.", "%s के पास पुलिया बारिश में बह गई।" } },
	  { "Potholes filled; road repaired.", "गड्ढे भरकर सड़क की मरम्मत की गई।" } },
	{ "HOSP", { "Hospital services", "अस्पताल सेवाएं" }, 2, 10, { "No doctor at the health centre", "स्वास्थ्य केंद्र में चिकित्सक नहीं" },
	  { { "The health centre at %s has no doctor on most days.", "%s के स्वास्थ्य केंद्र में अधिकतर दिन चिकित्सक नहीं रहते।" },
	    { "The ambulance did not reach %s in time.", "%s में एम्बुलेंस समय पर नहीं पहुंची।" } },
	  { "A doctor is now posted on all working days.", "सभी कार्य दिवसों में चिकित्सक की ड्यूटी लगाई गई।" } },
	{ "SCHOOL", { "Schools", "शाला" }, 4, 21, { "School without teachers", "शाला में शिक्षक नहीं" },
	  { { "The primary school in %s has one teacher for five classes.", "%s की प्राथमिक शाला में पांच कक्षाओं पर एक शिक्षक है।" },
	    { "The school roof in %s leaks in the rain.", "%s में शाला भवन की छत बारिश में टपकती है।" } },
	  { "A teacher has been attached to the school.", "शाला में शिक्षक संलग्न किया गया।" } },
	{ "FERT", { "Seeds and fertiliser", "बीज एवं खाद" }, 5, 15, { "Fertiliser not available", "खाद उपलब्ध नहीं" },
	  { { "The society near %s has no urea for the kharif crop.", "%s के पास समिति में खरीफ हेतु यूरिया नहीं है।" },
	    { "Seeds given at %s did not germinate.", "%s में दिए गए बीज अंकुरित नहीं हुए।" } },
	  { "Urea stock supplied to the society.", "समिति को यूरिया का भंडार उपलब्ध कराया गया।" } },
	{ "RATION", { "Ration card", "राशन कार्ड" }, 6, 7, { "Ration not given", "राशन नहीं मिला" },
	  { { "The fair price shop in %s did not give rice this month.", "%s की उचित मूल्य दुकान ने इस माह चावल नहीं दिया।" },
	    { "My ration card application in %s is pending.", "%s में मेरा राशन कार्ड आवेदन लंबित है।" } },
	  { "Rice given; the shop was warned.", "चावल वितरित, दुकान संचालक को चेतावनी दी गई।" } },
	{ "ANGAN", { "Anganwadi", "आंगनबाड़ी" }, 7, 15, { "Anganwadi closed", "आंगनबाड़ी बंद" },
	  { { "The anganwadi in %s stays closed and children get no food.", "%s की आंगनबाड़ी बंद रहती है, बच्चों को भोजन नहीं मिलता।" },
	    { "Ready-to-eat food has not reached %s for a month.", "%s में एक माह से रेडी-टू-ईट नहीं पहुंचा।" } },
	  { "The worker was warned; the centre is open daily.", "कार्यकर्ता को चेतावनी, केंद्र प्रतिदिन खुल रहा है।" } },
	{ "PENSION", { "Pension", "पेंशन" }, 8, 30, { "Old age pension stopped", "वृद्धावस्था पेंशन बंद" },
	  { { "My old age pension in %s has not come for three months.", "%s में तीन माह से मेरी वृद्धावस्था पेंशन नहीं आई।" },
	    { "Widow pension in %s is not sanctioned yet.", "%s में विधवा पेंशन अभी तक स्वीकृत नहीं हुई।" } },
	  { "Pension arrears paid into the bank account.", "पेंशन की बकाया राशि बैंक खाते में भेजी गई।" } },
	{ "HOUSING", { "Housing scheme", "आवास योजना" }, 8, 30, { "Housing instalment pending", "आवास किस्त लंबित" },
	  { { "The second instalment of my PM Awas house in %s is pending.", "%s में मेरे प्रधानमंत्री आवास की दूसरी किस्त लंबित है।" },
	    { "My name is missing from the housing list of %s.", "%s की आवास सूची में मेरा नाम नहीं है।" } },
	  { "Instalment released after geo-tagging.", "जियो-टैगिंग उपरांत किस्त जारी की गई।" } },
	{ "MGNREGA", { "MGNREGA wages", "मनरेगा मजदूरी" }, 8, 15, { "Wages not paid", "मजदूरी नहीं मिली" },
	  { { "Wages for the pond work in %s are unpaid for six weeks.", "%s में तालाब कार्य की मजदूरी छह सप्ताह से नहीं मिली।" },
	    { "Job cards in %s have not been renewed.", "%s में जॉब कार्ड का नवीनीकरण नहीं हुआ।" } },
	  { "Wages paid after the muster roll check.", "मस्टर रोल जांच उपरांत मजदूरी भुगतान।" } },
	{ "POWER", { "Power supply", "बिजली आपूर्ति" }, 9, 7, { "Transformer burnt", "ट्रांसफार्मर जला" },
	  { { "The transformer in %s burnt ten days ago; the village is dark.", "%s का ट्रांसफार्मर दस दिन से जला है, गांव में अंधेरा है।" },
	    { "Inflated electricity bills were sent to houses in %s.", "%s के घरों में अधिक राशि के बिजली बिल आए हैं।" } },
	  { "Transformer replaced.", "ट्रांसफार्मर बदला गया।" } },
};

const struct demo_block demo_blocks[DEMO_BLOCKS] = {
	{ "3301", { "Durg", "दुर्ग" }, {
		{ "Anda", "अण्डा" }, { "Bori", "बोरी" }, { "Chandkhuri", "चंदखुरी" }, { "Dhaur", "धौर" },
		{ "Ganiyari", "गनियारी" }, { "Hanoda", "हनोदा" }, { "Jewra", "जेवरा" }, { "Kathia", "कठिया" },
		{ "Kolihapuri", "कोलिहापुरी" }, { "Kutelabhata", "कुटेलाभाठा" }, { "Malpuri", "मालपुरी" },
		{ "Nagpura", "नगपुरा" }, { "Pisegaon", "पीसेगांव" }, { "Purai", "पुरई" }, { "Rasmada", "रसमड़ा" },
		{ "Samoda", "समोदा" }, { "Thanod", "थनौद" }, { "Tirga", "तिरगा" }, { "Utai", "उतई" },
		{ "Mohlai", "मोहलाई" } } },
	{ "3302", { "Dhamdha", "धमधा" }, {
		{ "Achanakpur", "अचानकपुर" }, { "Bodegaon", "बोड़ेगांव" }, { "Deorjhal", "देवरझाल" },
		{ "Dhaurabhata", "धौराभाठा" }, { "Gadadih", "गाड़ाडीह" }, { "Girhola", "गिरहोला" }, { "Hirri", "हिर्री" },
		{ "Kanharpuri", "कन्हारपुरी" }, { "Khapri", "खपरी" }, { "Lahredih", "लहरेडीह" }, { "Murmunda", "मुरमुंदा" },
		{ "Nandini Khundini", "नंदिनी खुंदिनी" }, { "Pathariya", "पथरिया" }, { "Rawelibhata", "रवेलीभाठा" },
		{ "Sankri", "सांकरी" }, { "Siloti", "सिलोटी" }, { "Tumakhurd", "तुमाखुर्द" }, { "Bhedsar", "भेड़सर" },
		{ "Parsada", "परसदा" }, { "Maro", "मारो" } } },
	{ "3303", { "Patan", "पाटन" }, {
		{ "Amleshwar", "अमलेश्वर" }, { "Arsi", "अरसी" }, { "Bathena", "बठेना" }, { "Chicha", "चीचा" },
		{ "Datrenga", "दतरेंगा" }, { "Gabdi", "गब्दी" }, { "Jamgaon", "जामगांव" }, { "Kapsada", "कपसदा" },
		{ "Kurud", "कुरूद" }, { "Mudpar", "मुड़पार" }, { "Oderasiya", "ओदरासिया" }, { "Pahanda", "पहंदा" },
		{ "Rani Tarai", "रानीतराई" }, { "Sanakpat", "सांकपाट" }, { "Selud", "सेलूद" }, { "Sikola", "सिकोला" },
		{ "Tarighat", "तरीघाट" }, { "Tendua", "तेंदुआ" }, { "Uphara", "उफरा" }, { "Khudmudi", "खुड़मुड़ी" } } },
};

const struct demo_checklist demo_checklist[DEMO_CHECKLIST] = {
	{ "ATT", { "Staff attendance", "कर्मचारी उपस्थिति" } },
	{ "REC", { "Records kept up to date", "अभिलेख अद्यतन" } },
	{ "WAT", { "Drinking water supply", "पेयजल आपूर्ति" } },
	{ "SAN", { "Cleanliness and sanitation", "स्वच्छता" } },
	{ "MGN", { "MGNREGA works on site", "मनरेगा कार्य स्थल" } },
	{ "PDS", { "Fair price shop", "उचित मूल्य दुकान" } },
	{ "AWC", { "Anganwadi centre", "आंगनबाड़ी केंद्र" } },
	{ "MDM", { "Midday meal at school", "शाला में मध्यान्ह भोजन" } },
};

const char *const demo_nodal_names[DEMO_NODALS] = {
	"Pooja Sahu", "Ravi Chandrakar", "Anita Verma", "Sanjay Deshmukh", "Kavita Yadav", "Hemant Patel",
};

const struct demo_text demo_first_names[16] = {
	{ "Ramesh", "रमेश" }, { "Suresh", "सुरेश" }, { "Sunita", "सुनीता" }, { "Geeta", "गीता" },
	{ "Mahesh", "महेश" }, { "Kamla", "कमला" }, { "Rajesh", "राजेश" }, { "Savitri", "सावित्री" },
	{ "Dinesh", "दिनेश" }, { "Lata", "लता" }, { "Ashok", "अशोक" }, { "Meena", "मीना" },
	{ "Santosh", "संतोष" }, { "Radha", "राधा" }, { "Bhupesh", "भूपेश" }, { "Kiran", "किरण" },
};

const struct demo_text demo_surnames[12] = {
	{ "Sahu", "साहू" }, { "Verma", "वर्मा" }, { "Yadav", "यादव" }, { "Patel", "पटेल" },
	{ "Sinha", "सिन्हा" }, { "Chandrakar", "चंद्राकर" }, { "Deshmukh", "देशमुख" }, { "Nishad", "निषाद" },
	{ "Banjare", "बंजारे" }, { "Tandon", "टंडन" }, { "Markam", "मरकाम" }, { "Dhruw", "ध्रुव" },
};

const struct demo_text demo_senders[12] = {
	{ "Commissioner, Durg Division", "संभागायुक्त, दुर्ग संभाग" },
	{ "Chief Minister's Secretariat, Raipur", "मुख्यमंत्री सचिवालय, रायपुर" },
	{ "Chief Secretary, Chhattisgarh", "मुख्य सचिव, छत्तीसगढ़ शासन" },
	{ "Revenue Board, Bilaspur", "राजस्व मंडल, बिलासपुर" },
	{ "MLA, Patan", "विधायक, पाटन" },
	{ "MLA, Durg Rural", "विधायक, दुर्ग ग्रामीण" },
	{ "Member of Parliament, Durg", "सांसद, दुर्ग" },
	{ "State Election Commission", "राज्य निर्वाचन आयोग" },
	{ "Human Rights Commission", "मानव अधिकार आयोग" },
	{ "Secretary, Panchayat and Rural Development", "सचिव, पंचायत एवं ग्रामीण विकास विभाग" },
	{ "Director, Public Health", "संचालक, स्वास्थ्य सेवाएं" },
	{ "Zila Panchayat, Durg", "जिला पंचायत, दुर्ग" },
};

const struct demo_text demo_observations[4] = {
	{ "Gram sabha held on time; records kept well.", "ग्राम सभा समय पर हुई, अभिलेख व्यवस्थित हैं।" },
	{ "Secretary absent; cash book not written for a month.", "सचिव अनुपस्थित, एक माह से रोकड़ बही अपूर्ण।" },
	{ "Two hand pumps out of order near the school.", "शाला के पास दो हैंडपंप खराब पाए गए।" },
	{ "MGNREGA pond work going on; 120 workers on site.", "मनरेगा तालाब कार्य प्रगति पर, 120 श्रमिक उपस्थित।" },
};

const struct demo_text demo_suggestions[6] = {
	{ "Repair the hand pumps near the school", "शाला के पास हैंडपंप सुधारें" },
	{ "Post a teacher at the primary school", "प्राथमिक शाला में शिक्षक पदस्थ करें" },
	{ "Pay pending MGNREGA wages", "मनरेगा की लंबित मजदूरी का भुगतान करें" },
	{ "Replace the burnt transformer", "जला ट्रांसफार्मर बदलें" },
	{ "Give rice at the fair price shop on time", "उचित मूल्य दुकान में समय पर चावल दें" },
	{ "Open the anganwadi daily", "आंगनबाड़ी प्रतिदिन खोलें" },
};

const struct demo_text demo_notes[3] = {
	{ "Field inspection done; work has begun.", "स्थल निरीक्षण किया गया, कार्य प्रारंभ।" },
	{ "Estimate sent for sanction.", "स्वीकृति हेतु प्राक्कलन भेजा गया।" },
	{ "Citizen called and told of the progress.", "नागरिक को फोन कर प्रगति बताई गई।" },
};

const struct demo_text demo_feedback[3] = {
	{ "Work done, thank you.", "काम हो गया, धन्यवाद।" },
	{ "Took too long.", "बहुत समय लगा।" },
	{ "Problem is still there.", "समस्या अभी भी बनी है।" },
};

const struct demo_text demo_appeals[3] = {
	{ "The problem was not solved on the ground.", "मौके पर समस्या का समाधान नहीं हुआ।" },
	{ "The reply is false; no one came.", "जवाब गलत है, कोई नहीं आया।" },
	{ "Only half the amount was paid.", "केवल आधी राशि का भुगतान हुआ।" },
};
