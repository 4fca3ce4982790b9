grammar Nnet;

// Placeholder so the module builds; the front-end work replaces it.
file : EOF # EmptyFile ;
