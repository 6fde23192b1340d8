# fish completion for threadtui (generated from its argparse parser)
complete -c threadtui -n __fish_use_subcommand -a help -d 'this help, or a command\'s (threadtui help render)'
complete -c threadtui -n '__fish_seen_subcommand_from help' -s h
complete -c threadtui -n '__fish_seen_subcommand_from help' -l help
complete -c threadtui -n __fish_use_subcommand -a config -d 'print where the config file is, every setting and where its value came from'
complete -c threadtui -n '__fish_seen_subcommand_from config' -s h
complete -c threadtui -n '__fish_seen_subcommand_from config' -l help
complete -c threadtui -n '__fish_seen_subcommand_from config' -l config
complete -c threadtui -n __fish_use_subcommand -a open -d 'read a thread in the terminal (the default command)'
complete -c threadtui -n '__fish_seen_subcommand_from open' -s h
complete -c threadtui -n '__fish_seen_subcommand_from open' -l help
complete -c threadtui -n '__fish_seen_subcommand_from open' -l from
complete -c threadtui -n '__fish_seen_subcommand_from open' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from open' -l max-size
complete -c threadtui -n '__fish_seen_subcommand_from open' -l bidi
complete -c threadtui -n '__fish_seen_subcommand_from open' -l base-dir
complete -c threadtui -n '__fish_seen_subcommand_from open' -l no-shape
complete -c threadtui -n '__fish_seen_subcommand_from open' -l theme
complete -c threadtui -n '__fish_seen_subcommand_from open' -l no-mouse
complete -c threadtui -n '__fish_seen_subcommand_from open' -l no-state
complete -c threadtui -n '__fish_seen_subcommand_from open' -l author
complete -c threadtui -n '__fish_seen_subcommand_from open' -l offline
complete -c threadtui -n '__fish_seen_subcommand_from open' -l config
complete -c threadtui -n '__fish_seen_subcommand_from open' -l width
complete -c threadtui -n __fish_use_subcommand -a render -d 'print the whole thread as plain text'
complete -c threadtui -n '__fish_seen_subcommand_from render' -s h
complete -c threadtui -n '__fish_seen_subcommand_from render' -l help
complete -c threadtui -n '__fish_seen_subcommand_from render' -l from
complete -c threadtui -n '__fish_seen_subcommand_from render' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from render' -l max-size
complete -c threadtui -n '__fish_seen_subcommand_from render' -l bidi
complete -c threadtui -n '__fish_seen_subcommand_from render' -l base-dir
complete -c threadtui -n '__fish_seen_subcommand_from render' -l no-shape
complete -c threadtui -n '__fish_seen_subcommand_from render' -l config
complete -c threadtui -n '__fish_seen_subcommand_from render' -l width
complete -c threadtui -n __fish_use_subcommand -a validate -d 'check a thread file and report every problem'
complete -c threadtui -n '__fish_seen_subcommand_from validate' -s h
complete -c threadtui -n '__fish_seen_subcommand_from validate' -l help
complete -c threadtui -n '__fish_seen_subcommand_from validate' -l from
complete -c threadtui -n '__fish_seen_subcommand_from validate' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from validate' -l max-size
complete -c threadtui -n __fish_use_subcommand -a schema -d 'print the JSON Schema of the threadtui/1 format'
complete -c threadtui -n '__fish_seen_subcommand_from schema' -s h
complete -c threadtui -n '__fish_seen_subcommand_from schema' -l help
complete -c threadtui -n __fish_use_subcommand -a search -d 'print the comments that match a query'
complete -c threadtui -n '__fish_seen_subcommand_from search' -s h
complete -c threadtui -n '__fish_seen_subcommand_from search' -l help
complete -c threadtui -n '__fish_seen_subcommand_from search' -l word
complete -c threadtui -n '__fish_seen_subcommand_from search' -l regex
complete -c threadtui -n '__fish_seen_subcommand_from search' -l authors
complete -c threadtui -n '__fish_seen_subcommand_from search' -l width
complete -c threadtui -n '__fish_seen_subcommand_from search' -l from
complete -c threadtui -n '__fish_seen_subcommand_from search' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from search' -l max-size
complete -c threadtui -n __fish_use_subcommand -a convert -d 'write a thread from any supported format as threadtui/1'
complete -c threadtui -n '__fish_seen_subcommand_from convert' -s h
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l help
complete -c threadtui -n '__fish_seen_subcommand_from convert' -s o
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l output
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l all
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l from
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from convert' -l max-size
complete -c threadtui -n __fish_use_subcommand -a threads -d 'list the threads of an export (Disqus, WordPress)'
complete -c threadtui -n '__fish_seen_subcommand_from threads' -s h
complete -c threadtui -n '__fish_seen_subcommand_from threads' -l help
complete -c threadtui -n '__fish_seen_subcommand_from threads' -l from
complete -c threadtui -n '__fish_seen_subcommand_from threads' -l thread
complete -c threadtui -n '__fish_seen_subcommand_from threads' -l max-size
complete -c threadtui -n __fish_use_subcommand -a fetch -d 'fetch a thread by its address and save it'
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -s h
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -l help
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -s o
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -l output
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -l max-size
complete -c threadtui -n '__fish_seen_subcommand_from fetch' -l config
complete -c threadtui -n __fish_use_subcommand -a library -d 'list every thread below some folders; Enter reads one (docs/state.md)'
complete -c threadtui -n '__fish_seen_subcommand_from library' -s h
complete -c threadtui -n '__fish_seen_subcommand_from library' -l help
complete -c threadtui -n '__fish_seen_subcommand_from library' -l bidi
complete -c threadtui -n '__fish_seen_subcommand_from library' -l base-dir
complete -c threadtui -n '__fish_seen_subcommand_from library' -l no-shape
complete -c threadtui -n '__fish_seen_subcommand_from library' -l theme
complete -c threadtui -n '__fish_seen_subcommand_from library' -l no-mouse
complete -c threadtui -n '__fish_seen_subcommand_from library' -l no-state
complete -c threadtui -n '__fish_seen_subcommand_from library' -l config
complete -c threadtui -n __fish_use_subcommand -a state -d 'show or forget the reading memory (docs/state.md)'
complete -c threadtui -n '__fish_seen_subcommand_from state' -s h
complete -c threadtui -n '__fish_seen_subcommand_from state' -l help
complete -c threadtui -n '__fish_seen_subcommand_from state' -l forget
complete -c threadtui -n '__fish_seen_subcommand_from state' -l clear
