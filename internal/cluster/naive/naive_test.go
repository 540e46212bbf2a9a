package naive

import "testing"

func TestBaselineGroupsAndSeparates(t *testing.T) {
	c := New(0.2)
	a := c.Add("Ferry runs aground off Ilsa island", "A passenger ferry ran aground off Ilsa island; lifeboats took the passengers ashore.")
	b := c.Add("Ilsa ferry grounding blamed on steering", "The ferry that ran aground off Ilsa island had a steering failure, its operator said.")
	d := c.Add("Council approves tram line", "The city council voted to build a tram line to the university campus.")
	if a != b {
		t.Errorf("two ferry reports in stories %d and %d", a, b)
	}
	if d == a {
		t.Errorf("the tram report joined the ferry story")
	}
	if c.Stories() != 2 {
		t.Errorf("%d stories, want 2", c.Stories())
	}
}
