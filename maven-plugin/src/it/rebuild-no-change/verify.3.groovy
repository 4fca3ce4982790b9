evaluate(new File(basedir, 'common.groovy'))

def tiny = generated('Tiny.java')
assert mtime(tiny) != OLD : 'a changed option did not regenerate'
assert tiny.text != new File(basedir, 'Tiny.java.first').text
assert count('nnet: 2 model files in src/main/nnet: 2 compiled, 0 up to date; 2 sources written') == 2
backdate(tiny)
true
