package quote

import (
	"strings"
)

// gender of a person, when the text shows it.
type gender uint8

const (
	unknownGender gender = iota
	male
	female
)

// person is a mention prepared for resolution: a given Mention or one
// found by the fallback, with the token span, title and gender.
type person struct {
	Mention
	lo, hi   int // token span
	gender   gender
	fallback bool
	ent      int    // entity after linking
	sur      string // folded surname, for linking
	nwords   int    // words in Name
}

// honorifics and titles that come before a name and are not part of it.
var titleWords = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"professor": true, "sir": true, "dame": true, "lady": true, "lord": true, "president": true,
	"minister": true, "prime": true, "premier": true, "chancellor": true, "secretary": true,
	"senator": true, "sen": true, "rep": true, "representative": true, "congressman": true,
	"congresswoman": true, "governor": true, "gov": true, "mayor": true, "judge": true,
	"justice": true, "king": true, "queen": true, "prince": true, "princess": true,
	"crown": true, "emir": true, "sultan": true, "ayatollah": true, "imam": true,
	"pope": true, "cardinal": true, "bishop": true, "archbishop": true, "rabbi": true,
	"general": true, "gen": true, "colonel": true, "col": true, "major": true, "maj": true,
	"captain": true, "capt": true, "lieutenant": true, "lt": true, "sergeant": true,
	"sgt": true, "admiral": true, "commander": true, "marshal": true, "brigadier": true,
	"chief": true, "superintendent": true, "supt": true, "inspector": true, "detective": true,
	"constable": true, "officer": true, "commissioner": true, "ambassador": true,
	"envoy": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"deputy": true, "vice": true, "foreign": true, "finance": true, "health": true,
	"defence": true, "defense": true, "interior": true, "justice's": true, "education": true,
	"agriculture": true, "economy": true, "trade": true, "energy": true, "labour": true,
	"labor": true, "transport": true, "environment": true, "supreme": true, "leader": true,
	"opposition": true, "acting": true, "former": true, "interim": true, "attorney": true,
	"speaker": true, "mp": true, "councillor": true, "councilor": true, "coach": true,
	"manager": true, "director": true, "executive": true, "ceo": true, "chairman": true,
	"chairwoman": true, "chair": true, "head": true, "sheikh": true, "shaikh": true,
	"det": true, "insp": true, "cmdr": true, "hon": true, "rev": true, "reverend": true,
	"father": true, "fr": true, "state": true, "regional": true, "provincial": true,
	"national": true, "federal": true, "city": true, "party": true, "union": true,
	"first": true, "vice-president": true, "dep": true, "senior": true, "mullah": true,
}

// roleNouns are the heads of titles: "the minister", "the commissioner".
var roleNouns = map[string]bool{
	"minister": true, "president": true, "chancellor": true, "secretary": true,
	"senator": true, "governor": true, "mayor": true, "judge": true, "justice": true,
	"king": true, "queen": true, "prince": true, "princess": true, "emir": true,
	"sultan": true, "ayatollah": true, "leader": true, "commissioner": true,
	"ambassador": true, "envoy": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "general": true, "colonel": true, "captain": true,
	"commander": true, "chief": true, "superintendent": true, "inspector": true,
	"detective": true, "officer": true, "director": true, "executive": true, "ceo": true,
	"chairman": true, "chairwoman": true, "chair": true, "head": true, "premier": true,
	"coordinator": true, "treasurer": true, "prosecutor": true, "lawyer": true,
	"attorney": true, "coach": true, "manager": true, "founder": true, "owner": true,
	"pope": true, "cardinal": true, "bishop": true, "imam": true, "cleric": true,
	"speaker": true, "mp": true, "lawmaker": true, "councillor": true, "adviser": true,
	"advisor": true, "economist": true, "analyst": true, "official": true, "diplomat": true,
	"researcher": true, "scientist": true, "professor": true, "doctor": true, "nurse": true,
	"farmer": true, "runner": true, "passenger": true, "witness": true, "resident": true,
	"engineer": true, "teacher": true, "student": true, "fisherman": true, "player": true,
	"striker": true, "goalkeeper": true, "driver": true, "pilot": true, "survivor": true,
	"mother": true, "father": true, "activist": true, "organiser": true, "organizer": true,
	"sheikh": true, "governor-general": true, "deputy": true, "chancellor's": true,
	"campaigner": true, "candidate": true, "mediator": true, "negotiator": true,
}

// orgWords make a capitalised name an organisation.
var orgWords = map[string]bool{
	"ministry": true, "department": true, "bank": true, "council": true, "commission": true,
	"agency": true, "union": true, "party": true, "airlines": true, "airline": true,
	"airways": true, "corporation": true, "corp": true, "inc": true, "ltd": true, "group": true,
	"news": true, "times": true, "post": true, "university": true, "institute": true,
	"court": true, "army": true, "police": true, "force": true, "forces": true, "guard": true,
	"guards": true, "organisation": true, "organization": true, "association": true,
	"federation": true, "fund": true, "project": true, "authority": true, "bureau": true,
	"office": true, "service": true, "services": true, "committee": true, "senate": true,
	"parliament": true, "assembly": true, "company": true, "logistics": true, "logistik": true,
	"health": true, "network": true, "television": true, "radio": true, "press": true,
	"nations": true, "treasury": true, "federal": true, "club": true, "foundation": true,
	"board": true, "cabinet": true, "congress": true, "house": true, "government": true,
	"telegraaf": true, "tribune": true, "herald": true, "journal": true, "gazette": true,
	"reuters": true, "afp": true, "ap": true, "bbc": true, "cnn": true, "jazeera": true,
	"motors": true, "energy": true, "oil": true, "holdings": true, "partners": true,
	"capital": true, "systems": true, "technologies": true, "pharma": true, "media": true,
	"un": true, "eu": true, "nato": true, "who": true, "imf": true, "opec": true,
	"consortium": true, "alliance": true, "coalition": true, "movement": true, "front": true,
	"brigade": true, "brigades": true, "militia": true, "hospital": true, "school": true,
	"church": true, "railways": true, "railway": true, "port": true,
}

// particles are lower-case parts of names.
var particles = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "van": true, "von": true,
	"de": true, "der": true, "den": true, "la": true, "le": true, "da": true, "di": true,
	"del": true, "della": true, "dos": true, "das": true, "du": true, "ter": true, "ten": true,
	"abu": true, "ní": true, "ni": true, "mac": true, "ould": true, "y": true, "zu": true,
}

// notNames are capitalised words that do not start or make a name.
var notNames = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "but": true,
	"and": true, "he": true, "she": true, "it": true, "this": true, "that": true, "these": true,
	"those": true, "his": true, "her": true, "its": true, "their": true, "our": true, "we": true,
	"they": true, "i": true, "after": true, "before": true, "during": true, "according": true,
	"speaking": true, "while": true, "when": true, "if": true, "as": true, "for": true,
	"with": true, "from": true, "by": true, "some": true, "many": true, "most": true,
	"several": true, "more": true, "about": true, "around": true, "nearly": true,
	"almost": true, "over": true, "there": true, "here": true, "what": true, "who": true,
	"why": true, "how": true, "where": true, "today": true, "yesterday": true, "tomorrow": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "every": true, "each": true,
	"no": true, "not": true, "one": true, "two": true, "three": true, "all": true, "both": true,
	"my": true, "your": true, "you": true, "me": true, "us": true, "them": true, "so": true,
	"then": true, "now": true, "also": true, "still": true, "yet": true, "only": true,
	"just": true, "even": true, "such": true, "other": true, "another": true, "any": true,
	"hours": true, "police": true, "officials": true, "analysts": true, "experts": true,
	"witnesses": true, "residents": true, "people": true, "between": true, "among": true,
	"until": true, "since": true, "despite": true, "although": true, "though": true,
	"because": true, "under": true, "last": true, "next": true, "meanwhile": true,
	"however": true, "earlier": true, "later": true, "asked": true, "thousands": true,
	"hundreds": true, "millions": true, "dozens": true, "tens": true,
	"close": true, "up": true, "less": true, "fewer": true, "global": true,
	"unemployment": true, "inflation": true, "temperatures": true, "fuel": true,
}

// firstNames with a known gender; a short list of common given names from
// many countries, enough to tell "he" from "she" in most news copy.
var femaleNames = set(`mary anna ana maria maría marie elena helen helena sarah sara rachel grace
	ines inês rosa rose fatima fatma aisha ayesha amina nadia olena olga irina natalia
	natalya tatiana svetlana yulia julia julie juliet laura lucia lucía sofia sophia sophie
	emma emily hannah hanna jessica jennifer elizabeth margaret catherine katherine kate
	karen linda patricia barbara susan lisa nancy betty sandra ashley kimberly donna
	michelle carol amanda melissa deborah stephanie rebecca sharon cynthia kathleen amy
	angela anne annie priya anjali deepa sunita lakshmi meera kavita pooja neha divya
	faith joy mercy esther ruth miriam leah naomi deborah rania leila layla yasmin yasmine
	zainab mariam maryam noura nour huda salma hanan samira samia amal lina dina rana
	maya mia lena lina ingrid astrid greta annika annelies anneke sanne femke ursula
	angela giorgia francesca giulia chiara valentina martina alessandra paola claudia
	marta carmen isabel isabella pilar lucía elena beatriz raquel ana gabriela fernanda
	mariana camila valeria daniela andrea jacinda theresa kamala hillary nicola siobhan
	siobhán aoife niamh ciara roisin róisín mairead máiréad nkechi ngozi chioma adaeze
	amara zanele nomvula thandiwe lindiwe obiageli funmilayo folake yetunde aminata
	fatoumata mariama wanjiru akinyi achieng njeri chiara roberta eleanor charlotte olivia
	amelia isla ava chloe zoe lucy alice ella grace evelyn jane janet joan judith june
	diana victoria veronica monica jacqueline christine caroline clare claire louise
	simone nathalie nathalia agnieszka katarzyna malgorzata magdalena joanna ewa
	beata zuzana jana petra eva hana tereza kateryna oksana iryna halyna mariya
	yuki yoko keiko akiko haruka mei li na ying xiu hui min ji su hye jin ksenia xenia
	milena jelena ivana vesna dragana snezana marija danica`)

var maleNames = set(`john james robert michael william david richard joseph thomas charles
	christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin
	brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
	stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick
	raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter
	kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin
	carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert
	willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
	philip louis mohammed muhammad mohamed mohammad ahmed ahmad ali hassan hussein omar
	umar khalid khaled abdullah abdul ibrahim ismail yusuf youssef mahmoud mustafa
	tariq karim kareem hamid hamza bilal faisal fahad saad salman sultan nasser bashar
	hafez walid tarek amir emir ebrahim hossein reza mehdi javad abbas qassem kassem
	raisi ayman anwar jamal samir sami rami nabil fadi ziad imran farhan rahul raj arjun
	amit vijay sanjay suresh ramesh rajesh anil sunil manoj vikram ravi krishna narendra
	kenji hiroshi takashi akira yuki ichiro satoshi kazuo taro wei jun hao ming jian
	li wang zhang chen liu yang xi kim park lee jae min sung ivan sergei sergey dmitry
	vladimir alexei alexey andrei mikhail nikolai oleg pavlo petro volodymyr taras
	yuriy bohdan mykola oleksandr viktor boris igor yevgeny hans karl klaus jurgen jürgen
	wolfgang dieter friedrich heinrich otto fritz stefan lukas luca luigi giuseppe marco
	matteo lorenzo giovanni francesco antonio mario carlo paolo pietro sergio roberto
	alessandro fabio jean pierre jacques michel françois francois philippe emmanuel
	nicolas olivier laurent thierry luis carlos javier miguel pedro pablo diego jorge
	manuel rafael fernando alejandro ricardo eduardo andres andrés joao joão lucas
	gustavo felipe rodrigo emre mehmet mustafa ahmet recep kemal tunde emeka chinedu
	olumide babatunde oluwaseun kwame kofi kwesi yaw aliyu abubakar musa idris yakubu
	ibrahim sani bola wale segun uhuru william raila jomo cyril jacob thabo nelson
	mandla sipho erik erikk lars sven nils anders bjorn björn henrik magnus olaf jan
	pieter willem hendrik joost maarten bram daan tomasz piotr krzysztof andrzej pawel
	paweł marek jakub wojciech lech donald neil alan ian colin graham stuart duncan
	angus hamish callum liam sean seán conor patrick niall ciaran cian darragh eamon
	eamonn declan fergus cillian dermot brendan aidan kieran owen rhys dafydd gareth
	emyr huw iwan mihai andrei ion vasile gheorghe dragan milan nikola zoran goran
	boris vladislav rustam timur aslan murat arda can baris barış kerem pavel ivo luka
	teodor tomas tomaš petr jiri jiří vaclav václav milos miloš dusan dušan goran`)

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// genderOf tells a person's gender from a first name, an honorific or a
// title word.
func genderOf(name, title string) gender {
	for _, w := range strings.Fields(lower(title)) {
		switch strings.Trim(w, ".,") {
		case "mr", "sir", "lord", "king", "prince", "emir", "sultan", "ayatollah", "sheikh",
			"spokesman", "chairman", "congressman", "father", "fr", "brother", "imam", "pope",
			"cardinal", "rabbi", "mullah", "businessman", "fisherman":
			return male
		case "mrs", "ms", "miss", "dame", "lady", "queen", "princess", "spokeswoman",
			"chairwoman", "congresswoman", "sister", "mother", "businesswoman":
			return female
		}
	}
	first := strings.Fields(lower(name))
	for _, w := range first {
		if particles[w] || titleWords[w] {
			continue
		}
		if femaleNames[w] {
			return female
		}
		if maleNames[w] {
			return male
		}
		break
	}
	return unknownGender
}

// nameWord reports whether token t can be part of a capitalised name:
// "Khamenei", "al-Mansouri", "O'Neill".
func nameWord(t tok) bool {
	if t.kind != word {
		return false
	}
	if t.cap {
		return true
	}
	// "al-Mansouri", "el-Sayed", "bin-Laden"
	if i := strings.IndexByte(t.text, '-'); i > 0 && particles[t.lower[:i]] && i+1 < len(t.text) {
		r := t.text[i+1]
		return r >= 'A' && r <= 'Z'
	}
	return false
}

// findNames returns the fallback mentions: runs of capitalised words with
// particles, titles split off, classified PER, ORG or LOC ("" when
// unknown), and linked into entities by shared surnames.
func findNames(text string, toks []tok) []person {
	var out []person
	for i := 0; i < len(toks); {
		if !nameWord(toks[i]) && !particleRun(toks, i) {
			i++
			continue
		}
		j := i
		for j < len(toks) {
			t := toks[j]
			if nameWord(t) && !(j > i && t.sentStart) {
				j++
				if t.poss {
					break
				}
				continue
			}
			// "Dr." "Col."
			if t.text == "." && t.glued && j > i && abbreviations[toks[j-1].lower] {
				j++
				continue
			}
			if t.kind == word && particleRun(toks, j) {
				j++
				continue
			}
			// "Bank of England", "Kenya National Bureau of Statistics"
			if t.lower == "of" && j > i && j+1 < len(toks) && toks[j+1].cap && toks[j+1].kind == word && !toks[j+1].sentStart && !notNames[toks[j+1].lower] {
				j++
				continue
			}
			break
		}
		out = append(out, splitRun(text, toks, i, j)...)
		i = j
		if i == j {
			i++
		}
	}
	classify(toks, out)
	return out
}

// splitRun turns tokens [i, j) into at most one mention: leading
// sentence-opening function words and titles are split off (the titles
// into Title).
func splitRun(text string, toks []tok, i, j int) []person {
	lo := i
	for lo < j && (notNames[toks[lo].lower] || toks[lo].text == ".") {
		lo++
	}
	if lo >= j {
		return nil
	}
	// a title ("Finance Minister", "Dr.", "Supreme Leader Ayatollah"),
	// unless the run names an organisation ("Foreign Ministry")
	org := false
	for k := lo; k < j; k++ {
		if orgWords[toks[k].lower] {
			org = true
		}
	}
	// the name starts after the last title word, so that "Iranian Supreme
	// Leader Ayatollah Ali Khamenei" is "Ali Khamenei"
	t := lo
	for k := lo; !org && k < j-1; k++ {
		if titleWords[toks[k].lower] || toks[k].text == "." && k > lo && titleWords[toks[k-1].lower] {
			t = k + 1
		}
	}
	p := person{lo: t, hi: j}
	p.Start, p.End = toks[t].start, toks[j-1].end
	p.Name = text[p.Start:p.End]
	p.Entity = -1
	if t > lo {
		p.Title = text[toks[lo].start:toks[t-1].end]
	}
	p.fallback = true
	return []person{p}
}

// classify sets Type on fallback mentions: ORG for names with an
// organisation word or in capitals, PER for names with a title, a known
// first name, a particle, or a speech verb after them, and for surnames of
// earlier people.
func classify(toks []tok, ps []person) {
	for k := range ps {
		p := &ps[k]
		words := toks[p.lo:p.hi]
		isOrg := false
		for _, w := range words {
			if orgWords[w.lower] {
				isOrg = true
			}
		}
		if len(words) == 1 && len(words[0].text) >= 2 && len(words[0].text) <= 5 && strings.ToUpper(words[0].text) == words[0].text && !words[0].paraStart {
			isOrg = true // an acronym: "UN", "AFAD", "CGT"
		}
		if isOrg {
			p.Type = "ORG"
			continue
		}
		if countries[strings.ToLower(p.Name)] {
			p.Type = "LOC"
			continue
		}
		per := p.Title != ""
		first := lower(words[0].text)
		if femaleNames[first] || maleNames[first] {
			per = true
		}
		for _, w := range words {
			if particles[w.lower] || strings.Contains(w.lower, "-") && particles[w.lower[:strings.IndexByte(w.lower, '-')]] {
				per = per || len(words) >= 2 || strings.Contains(w.lower, "-")
			}
		}
		if !per && p.hi < len(toks) {
			// "Kravets said", "Delgado, 34,"
			n := toks[p.hi]
			if sayVerbs[n.lower] || n.text == "," && p.hi+2 < len(toks) && toks[p.hi+1].kind == number && toks[p.hi+2].text == "," {
				per = true
			}
		}
		if !per {
			// a surname of an earlier person
			last := lower(words[len(words)-1].text)
			for m := 0; m < k; m++ {
				q := ps[m]
				if q.Type == "PER" && lower(toks[q.hi-1].text) == last {
					per = true
					break
				}
			}
		}
		if per {
			p.Type = "PER"
		}
	}
}

// countries keeps the commonest country and region names from being taken
// for people.
var countries = set(`afghanistan albania algeria angola argentina armenia australia austria
	azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil britain bulgaria
	burkina cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus
	denmark djibouti ecuador egypt eritrea estonia ethiopia europe africa asia america
	finland france gaza georgia germany ghana greece guatemala guinea haiti honduras
	hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan
	kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon liberia libya lithuania
	luxembourg madagascar malawi malaysia mali malta mauritania mexico moldova mongolia
	montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua niger
	nigeria norway oman pakistan palestine panama paraguay peru philippines poland
	portugal qatar romania russia rwanda senegal serbia singapore slovakia slovenia
	somalia spain sudan sweden switzerland syria taiwan tajikistan tanzania thailand
	togo tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam
	yemen zambia zimbabwe tehran damascus london paris berlin moscow kyiv kiev beijing
	washington brussels cairo baghdad beirut riyadh ankara istanbul nairobi lagos abuja
	khartoum amman jerusalem delhi mumbai tokyo seoul rome madrid lisbon vienna geneva
	dubai doha`)

// particleRun reports whether token i starts particles followed by a
// capitalised name word: "van der Berg", "de la Fuente", "bin Yusuf".
func particleRun(toks []tok, i int) bool {
	j := i
	for j < len(toks) && j-i < 3 && toks[j].kind == word && particles[toks[j].lower] {
		j++
	}
	return j > i && j < len(toks) && nameWord(toks[j]) && toks[j].cap
}
