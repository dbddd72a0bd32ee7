package jartest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJar(t *testing.T) {
	j := New()
	j.Now = 1000
	for _, a := range []string{
		"a=1; Path=/; Max-Age=10",
		"b=2; Path=/2026/; Max-Age=100",
		"c=3; Path=/other/; Max-Age=100",
		"d=4", // default path /2026/11/26/, session
		"a=5; Path=/2026/11; Max-Age=100",
	} {
		require.NoError(t, j.SetCookie(a))
	}
	got, err := j.Cookies()
	require.NoError(t, err)
	assert.Equal(t, "d=4; a=5; b=2; a=1", got)
	j.Now += 10
	require.NoError(t, j.SetCookie("b=; Path=/2026/; Max-Age=0"))
	require.NoError(t, j.SetCookie("a=; Path=/2026/11; Max-Age=0"))
	got, _ = j.Cookies()
	assert.Equal(t, "d=4", got)

	j.Throw = true
	_, err = j.Cookies()
	assert.ErrorIs(t, err, ErrThrown)
	assert.ErrorIs(t, j.SetCookie("e=5"), ErrThrown)
}
