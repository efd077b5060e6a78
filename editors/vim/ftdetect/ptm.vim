" ptecheck specs and models
autocmd BufRead,BufNewFile *.ptm setfiletype ptm
