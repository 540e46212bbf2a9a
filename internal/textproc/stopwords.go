package textproc

// stopWords are English function words and the reporting vocabulary that
// every news article shares ("said", "told", "according"), which says
// nothing about what an article is about.
var stopWords = func() map[string]struct{} {
	list := `a about above across after afterwards again against all almost alone along already also although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became because become becomes becoming been before beforehand behind being below beside besides between beyond both but by can cannot could did do does doing done down due during each eg either else elsewhere enough etc even ever every everyone everything everywhere except few for former formerly from further had has have having he hence her here hereafter hereby herein hereupon hers herself him himself his how however i ie if in indeed into is it its itself just last latter latterly least less ltd made many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps please put rather re same see seem seemed seeming seems several she should since so some somehow someone something sometime sometimes somewhere still such than that the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though through throughout thru thus to together too toward towards under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves
said says say saying told tell tells according reported reports reporting report added adding stated statement announced also new news mr mrs ms dr st would could will can year years day days week weeks month months time times today yesterday tomorrow people including told like get got make makes just going go goes went come came take took want wants know known use used way ll ve re don doesn didn isn wasn aren weren won t s d m`
	m := make(map[string]struct{}, 512)
	word := make([]byte, 0, 16)
	for i := 0; i <= len(list); i++ {
		if i == len(list) || list[i] == ' ' || list[i] == '\n' {
			if len(word) > 0 {
				m[string(word)] = struct{}{}
				word = word[:0]
			}
			continue
		}
		word = append(word, list[i])
	}
	return m
}()
