package jartest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJar(t *testing.T) {
	j := New()
	for _, a := range []string{
		"a=1; Path=/; Max-Age=10",
		"b=2; Path=/2026/; Max-Age=100",
		"c=3; Path=/other/; Max-Age=100",
		"d=4", // default path /2026/11/26/, session
		"a=5; Path=/2026/11; Max-Age=100",
		"s=6; Path=/; Secure; SameSite=Lax; Domain=example.com",
	} {
		j.SetCookie(a)
	}
	got := j.Cookies()
	assert.Equal(t, "d=4; a=5; b=2; a=1; s=6", got)
	assert.Equal(t, []string{"a", "b", "d", "s"}, j.Names())
	v, ok := j.Get("a")
	assert.True(t, ok)
	assert.Equal(t, "5", v, "the first of a name")
	j.SetCookie("b=; Path=/2026/; Max-Age=0")
	j.SetCookie("a=; Path=/2026/11; Max-Age=0")
	j.SetCookie("s=; Path=/; Max-Age=0; Domain=example.com")
	got = j.Cookies()
	assert.Equal(t, "d=4; a=1", got)

	j.Throw = true
	assert.Empty(t, j.Cookies())
	j.SetCookie("e=5")
	j.Throw = false
	assert.Equal(t, "d=4; a=1", j.Cookies(), "nothing kept while it threw")
}
